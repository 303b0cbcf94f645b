// Uses the widget as an embedder would, to type-check the declarations (scripts/test.sh runs
// `tsc -p tests/types`): mount, events, report sections, the element and the worker protocol.
import { mount } from '../../www/livelens.js';
import type { Report, AnalysisOptions, LiveLensHandle } from '../../www/livelens.js';
import { define } from '../../www/element.js';
import type { ErrorInfo as ElementErrorInfo } from '../../www/element.js';
import type { ErrorInfo, Failure } from '../../www/protocol.js';

const host = document.createElement('div');
const lens: LiveLensHandle = mount(host, {
  lang: 'zh',
  analysis: { funnel: { steps: ['enter', 'pay'] }, timeline_bucket_seconds: 60 },
});

function gmv(report: Report): number {
  // Sections typed from the Rust types: nullable sections must be checked.
  const overall = report.kpis.overall;
  const topHost: string | undefined = report.hosts[0]?.group;
  const steps = report.funnel?.steps.map((s) => s.event) ?? [];
  const rules = report.rules ? report.rules.rules.length + report.rules.bundles.length : 0;
  const skipped: string[] = report.skipped.map((s) => `${s.section}: ${s.code}`);
  console.log(topHost, steps, rules, skipped, report.dataset.event_counts, report.validation.files);
  return overall.gmv;
}

lens.on('report', (r) => console.log(gmv(r)));
lens.on('error', (e) => console.log(e.code, e.message));
const exported: Report | null = lens.exportReport();
if (exported?.segments?.rfm) console.log(exported.segments.rfm);

const opts: AnalysisOptions | null = null;
const err: ErrorInfo | ElementErrorInfo | null = null;
const fail: Failure | null = null;
console.log(opts, err, fail, define('my-dashboard'));

document.querySelector('livelens-dashboard')?.addEventListener('livelens-report', (ev) => {
  console.log(ev.detail.version, ev.detail.dataset.events);
});
