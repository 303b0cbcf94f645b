// Lazy heavy sections: the first analysis computes the light sections (KPIs, funnel, timeline,
// retention, comparison, rules, comments, interactions, review) and the page shows them at once; the heavy ones (segments with
// their clusters, prediction, recommendations with their evaluation) are computed in the worker
// when a view that shows them is first opened. The worker merges them into the report it holds
// and answers those sections, which the page puts into its copy (protocol.js `analyze` with
// `sections` and `merge`; state.js `applyAnswer`). The
// recommendations read the segments (hosts per segment): the worker reuses the segments the
// report holds, else computes them and reports them too (`sections` of the answer), so opening
// the audience and recommendation views in either order computes the segments once.
//
// No double computation: one request per missing set at a time (a second opening of the view
// while it computes waits for the same request). Settings that change the analysis recompute
// the light sections with the heavy ones the open view needs; the other heavy sections are
// forgotten and computed again when their view is opened.
import { h } from '../dom.js';
import { applyAnswer } from './state.js';

/** Heavy sections (keys of `analysis::STAGES`), in the order they are computed. */
export const HEAVY = ['segments', 'prediction', 'recommendations'];

/** The heavy sections each view shows (views not listed need none). */
export const VIEW_SECTIONS = {
  audience: ['segments', 'prediction'],
  recommend: ['recommendations'],
};

/** The light sections: every analysis stage that is not heavy. */
export const LIGHT = ['kpis', 'funnel', 'timeline', 'retention', 'comparison', 'rules', 'comments', 'interactions', 'review'];

export function createLazy(app) {
  const { state, opts } = app;
  /** Heavy sections of the report shown (computed with the current options). */
  let computed = new Set();
  /** The request computing heavy sections, with the sections it computes. */
  let inflight = null;
  /** Bumped whenever the report is replaced, so a late answer of an old request is dropped. */
  let generation = 0;
  /** Heavy sections whose computation failed for this report (shown with the error, not retried
   * until the report is replaced). */
  let failed = new Set();

  const enabled = () => opts.lazySections !== false;

  /** The heavy sections view `id` needs that the report lacks. */
  function missing(id) {
    if (!enabled()) return [];
    return (VIEW_SECTIONS[id] || []).filter((s) => !computed.has(s) && !failed.has(s));
  }

  /** The sections a new analysis computes: the light ones and the heavy ones the open view needs
   * (`null` = every section, when lazy sections are off). */
  function sectionsFor(view) {
    if (!enabled()) return null;
    // A funnel broken down by segment needs the segments.
    const extra = state.options && state.options.funnel_by_segment ? ['segments'] : [];
    return [...LIGHT, ...HEAVY.filter((s) => (VIEW_SECTIONS[view] || []).includes(s) || extra.includes(s))];
  }

  /** A new report replaced the old one; `sections` are the heavy ones it has. */
  function replaced(sections) {
    generation++;
    inflight = null;
    failed = new Set();
    computed = new Set(sections ? sections.filter((s) => HEAVY.includes(s)) : HEAVY);
  }

  /** Computes the heavy sections view `id` needs (once; later calls share the request). */
  const ensure = (id) => ensureSections(missing(id));

  /** Computes heavy `sections` the report lacks (default: all), merged into the report. */
  function ensureSections(list = HEAVY) {
    const want = enabled() ? list.filter((s) => HEAVY.includes(s) && !computed.has(s) && !failed.has(s)) : [];
    // Not while other work runs (the view asks again when it is rendered after it).
    if (!want.length || !state.report || state.partial || (state.busy && !inflight)) return Promise.resolve();
    if (inflight && want.every((s) => inflight.sections.includes(s))) return inflight.promise;
    const gen = generation;
    const sections = HEAVY.filter((s) => want.includes(s));
    const promise = app.run('analysing', async () => {
      let res;
      try {
        res = await app.engine.request('analyze', {
          options: state.options, lang: state.lang, kpisFirst: false, sections, merge: true,
        });
      } catch (e) {
        if (gen === generation) for (const s of sections) failed.add(s);
        throw e;
      }
      if (gen !== generation || app.destroyed) return;
      applyAnswer(state, res);
      for (const s of res.sections || sections) computed.add(s);
      app.emit('sections', sections);
    }).finally(() => { if (inflight && inflight.promise === promise) inflight = null; });
    inflight = { sections, promise };
    return promise;
  }

  /** Whether view `id` waits for heavy sections (shown as "computing…"). */
  const pending = (id) => missing(id).length > 0;

  /** What a view waiting for its heavy sections shows; starts their computation. */
  function placeholder(t, id) {
    const names = missing(id).map((s) => t('stage_' + s)).join(t.lang === 'zh' ? '、' : ', ');
    queueMicrotask(() => { if (!app.destroyed) ensure(id); });
    return h('p', { class: 'computing', role: 'status', 'data-testid': 'view-computing' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { text: t('view_computing', { sections: names }) }));
  }

  return { missing, sectionsFor, replaced, ensure, ensureSections, pending, placeholder, computed: () => [...computed] };
}
