// Hosts the analysis views (views/*.js): the navigation tabs, and the context a view renders
// from (see views/index.js). A view's settings show the parameters its report section used
// (`section.params`), else the options given over the wasm's defaults (`ctx.defaults`).
import { h } from '../dom.js';
import { VIEWS } from '../views/index.js';

export function createViewsHost(app) {
  const { opts, state } = app;

  /** The views this widget offers (option `views`: ids in any order; default all). */
  function offered() {
    const want = Array.isArray(opts.views) && opts.views.length ? opts.views : null;
    const list = want ? VIEWS.filter((v) => want.includes(v.id)) : VIEWS;
    return list.length ? list : VIEWS;
  }

  /** The views shown now: without a report only the standalone ones (Go live). */
  function views() {
    return state.report ? offered() : offered().filter((v) => v.standalone);
  }

  function nav(t) {
    return h('nav', { class: 'views', role: 'tablist', part: 'nav', 'data-testid': 'nav' },
      views().map((view) => h('button', {
        role: 'tab', class: view.id === state.view ? 'tab on' : 'tab', 'aria-selected': String(view.id === state.view),
        'data-view': view.id, text: t.pair({ x: view.label }, 'x'),
        onclick: () => { state.view = view.id; app.url.write(); app.render(); app.emit('view', view.id); },
      })));
  }

  /** What a view may use (see views/index.js). */
  function viewContext(t) {
    return {
      h, t, fmt: app.fmt, lang: state.lang, report: state.report, options: state.options,
      defaults: state.defaults || {},
      live: app.live,
      charts: (ids) => app.charts.grid(ids),
      chart: (id) => app.charts.grid([id]),
      redraw: () => requestAnimationFrame(() => app.charts.drawAll()),
      table: app.tables.table,
      missing: (section) => (state.report.skipped || []).find((x) => x.section === section || x.section.startsWith(section + '.')),
      partial: state.partial,
      setOptions: (patch) => app.run('analysing', async () => {
        const previous = state.options;
        state.options = { ...state.options, ...patch };
        await app.upload.analyse(false, previous);
      }),
    };
  }

  /** The navigation and the current view of the report. */
  function render(t) {
    const list = views();
    const view = list.find((x) => x.id === state.view) || list[0];
    let body;
    try {
      // While only the KPIs are ready, views other than the first wait for the full report.
      if (state.partial && view !== VIEWS[0] && !view.standalone) body = h('p', { class: 'muted', 'data-testid': 'view-pending', text: t('view_pending') });
      else if (app.lazy.pending(view.id)) body = app.lazy.placeholder(t, view.id);
      else body = view.render(viewContext(t));
    } catch (e) {
      console.error('view', view.id, e);
      body = h('p', { class: 'alert', text: `${t('error')}: ${e.message}` });
    }
    return [nav(t), h('div', { class: 'view', 'data-view': view.id, part: 'view' }, body)];
  }

  /** Whether a view can be shown now (with a report, any; without, the standalone ones). */
  const canShow = () => views().length > 0 && (!!state.report || views().some((v) => v.id === state.view));

  const live = () => offered().find((v) => v.id === 'live');
  /** Whether Go live is among the views offered, and its label. */
  const offersLive = () => !!live();
  const liveLabel = (lang) => (live() ? live().label[lang === 'zh' ? 1 : 0] : '');

  return { render, canShow, offersLive, liveLabel };
}
