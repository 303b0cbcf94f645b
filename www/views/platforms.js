// Sections of the Overview about where the data came from: the KPI table per platform side by
// side with all platforms combined (`kpis.by_platform`), and the figures on which a platform's
// session summary and the events disagree (`kpis.summary_checks`).
import { KPI_LABELS, KPI_FORMAT } from '../i18n.js';
import { PLATFORM_NAMES, ROLE_LABELS, ps, label } from '../app/platform-strings.js';

/** The per-platform KPI table: one column per platform, then all combined; KPIs as rows. */
function byPlatform(ctx) {
  const { h, t, fmt, lang, report: r } = ctx;
  const groups = r.kpis.by_platform || [];
  if (!groups.length) return null;
  const head = h('tr', {}, h('th', { text: ps(lang, 'kpi') }),
    groups.map((g) => h('th', { class: 'num', 'data-platform': g.group, text: label(PLATFORM_NAMES, lang, g.group) })));
  const rows = [
    h('tr', {}, h('td', { text: ps(lang, 'sessions') }), groups.map((g) => h('td', { class: 'num', text: fmt('int', g.sessions) }))),
    ...Object.keys(KPI_LABELS).map((key) => h('tr', { 'data-kpi': key },
      h('td', { text: t.pair(KPI_LABELS, key) }),
      groups.map((g) => h('td', { class: 'num', text: fmt(KPI_FORMAT[key], g[key]) })))),
  ];
  return h('section', { class: 'card', part: 'platforms', 'data-testid': 'kpi-platforms' },
    h('h2', { text: ps(lang, 'by_platform') }),
    h('p', { class: 'muted', text: ps(lang, 'by_platform_note') }),
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid' }, h('thead', {}, head), h('tbody', {}, rows))));
}

/** Where a session summary and the events disagree, with both numbers. */
function summaryChecks(ctx) {
  const { h, fmt, lang, report: r } = ctx;
  const checks = r.kpis.summary_checks || [];
  const filled = (r.kpis.by_session || []).filter((s) => s.from_summary && s.from_summary.length);
  if (!checks.length && !filled.length) return null;
  const f = (key, v) => fmt(KPI_FORMAT[key] === 'money' ? 'money' : 'dec', v);
  return h('section', { class: 'card', 'data-testid': 'summary-checks' },
    h('h2', { text: ps(lang, 'checks') }),
    filled.length ? h('p', { class: 'muted', text: ps(lang, 'summary_filled', { n: filled.length }) + ' ' +
      filled.map((s) => `${s.session_id}*: ${s.from_summary.map((k) => label(ROLE_LABELS, lang, k)).join(', ')}`).join(' · ') }) : null,
    checks.length ? [
      h('p', { class: 'muted', text: ps(lang, 'checks_note') }),
      ctx.table([
        [ps(lang, 'session'), (c) => c.session_id],
        [ps(lang, 'figure'), (c) => label(ROLE_LABELS, lang, c.figure)],
        [ps(lang, 'from_events'), (c) => f(c.figure, c.events)],
        [ps(lang, 'from_summary'), (c) => f(c.figure, c.summary)],
        [ps(lang, 'difference'), (c) => f(c.figure, c.difference)],
      ], checks, 'summary-check-rows'),
    ] : null);
}

/** The sections, for the Overview. */
export function platformSections(ctx) {
  return [byPlatform(ctx), summaryChecks(ctx)].filter(Boolean);
}
