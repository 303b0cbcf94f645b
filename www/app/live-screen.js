// The live screen: figure tiles for the current minute against the baseline band, the alerts
// with their numbers, the per-minute charts (chart specs built in the worker by
// src/charts/build/live.rs, drawn here by the main thread's wasm), the newest questions
// (answered or not), comment intents and the markers of pitches and interaction tools.
// Every value from the data is inserted as text (dom.js `h`), never as HTML.
import { h } from '../dom.js';
import { drawingModule } from './charts-host.js';
import { EVENT_LABELS } from '../i18n.js';

/** Minute offset as h:mm. */
const hmm = (minute) => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;

/** The newest complete minute (the last one is still filling), or the only one. */
export function currentMinute(screen) {
  const m = screen.minutes;
  if (!m.length) return null;
  return m.length >= 2 ? m[m.length - 2] : m[0];
}

/** The baseline band of `field` at `minute`, if any. */
function band(screen, minute, field) {
  const b = screen.baseline;
  if (!b || minute == null) return null;
  const row = b.minutes.find((x) => x.minute === minute);
  return row && row.sessions > 0 ? row[field] : null;
}

/** The alert's sentence in the page language, from its kind and numbers. */
export function alertText(t, fmt, screen, alert) {
  const n = (k) => {
    const x = alert.numbers.find((v) => v.key === k);
    return x ? x.value : null;
  };
  const product = () => {
    const p = (screen.products || []).find((x) => x.item_id === alert.item_id);
    return p ? p.title : alert.item_id;
  };
  switch (alert.kind) {
    case 'viewers_drop':
      return t('alert_viewers_drop', { pct: fmt('int', n('drop_pct')), window: fmt('int', n('window_minutes')), from: fmt('int', n('from')), to: fmt('int', n('to')) });
    case 'pitch_click_rate':
    case 'pitch_conversion':
      return t('alert_' + alert.kind, { product: product(), rate: fmt('pct', n('rate')), count: fmt('int', n('count')), viewers: fmt('int', n('viewers')), q1: fmt('pct', n('baseline_q1')), median: fmt('pct', n('baseline_median')) });
    case 'unanswered_questions':
      return t('alert_unanswered_questions', { n: fmt('int', n('unanswered')), window: fmt('int', n('window_minutes')) });
    case 'refund_spike':
      return t('alert_refund_spike', { n: fmt('int', n('refunds')), median: fmt('dec', n('median')), limit: fmt('dec', n('limit')) });
    default:
      return alert.message;
  }
}

export function createScreen(app) {
  const { state } = app;
  /** A canonical event's label from the core's table (installed by the worker's `init`). */
  const eventName = (key) => (EVENT_LABELS[key] ? EVENT_LABELS[key][state.lang === 'zh' ? 1 : 0] : key);
  /** Persistent canvases (one per live chart id) and the wasm handles drawn on them. */
  const canvases = new Map();
  const handles = new Map();

  function canvasFor(id) {
    let c = canvases.get(id);
    if (!c) {
      c = h('canvas', { 'data-live-chart': id, role: 'img' });
      canvases.set(id, c);
    }
    return c;
  }

  /** A figure tile; `b` the baseline band; `lowerIsBetter` for figures like leaving. */
  function tile(t, fmt, label, value, kind, b, testid, lowerIsBetter = false) {
    let cmp = null;
    if (b && value != null) {
      const where = value > b.q3 ? 'above_band' : value < b.q1 ? 'below_band' : 'in_band';
      const good = where === 'in_band' ? '' : (where === 'above_band') !== lowerIsBetter ? ' good' : ' bad';
      cmp = h('span', { class: `band ${where}${good}`, text: `${t('vs_band', { low: fmt(kind, b.q1), high: fmt(kind, b.q3) })} · ${t(where)}` });
    }
    return h('div', { class: 'kpi', 'data-kpi': testid },
      h('span', { class: 'kpi-label', text: label }),
      h('span', { class: 'kpi-value', text: fmt(kind, value) }), cmp);
  }

  function tiles(t, fmt, s) {
    const m = currentMinute(s);
    const at = m ? m.minute : null;
    const v = (f) => (m ? m[f] : null);
    return h('div', { class: 'kpis live-kpis', 'data-testid': 'live-kpis' },
      tile(t, fmt, t('viewers_now'), s.kpis.viewers_now, 'int', band(s, s.minutes.length ? s.minutes[s.minutes.length - 1].minute : null, 'concurrent'), 'viewers_now'),
      tile(t, fmt, t('enters_min'), v('enters'), 'int', band(s, at, 'enters'), 'enters_min'),
      tile(t, fmt, t('leaves_min'), v('leaves'), 'int', band(s, at, 'leaves'), 'leaves_min', true),
      tile(t, fmt, t('gmv_min'), v('gmv'), 'money', band(s, at, 'gmv'), 'gmv_min'),
      tile(t, fmt, t('orders_min'), v('orders'), 'int', band(s, at, 'orders'), 'orders_min'),
      tile(t, fmt, t('clicks_min'), v('clicks'), 'int', band(s, at, 'clicks'), 'clicks_min'),
      tile(t, fmt, t('questions_min'), m ? m.intents.question : null, 'int', null, 'questions_min'),
      tile(t, fmt, t('gmv_total'), s.kpis.gmv, 'money', null, 'gmv_total'),
      tile(t, fmt, t('viewers_total'), s.kpis.viewers, 'int', null, 'viewers_total'));
  }

  function alerts(t, fmt, s, clock) {
    return h('section', { class: 'card live-alerts', 'data-testid': 'live-alerts' },
      h('h2', { text: t('alerts') }),
      s.alerts.length
        ? h('ul', { class: 'alerts-list' }, s.alerts.map((a) => h('li', { class: 'live-alert', 'data-alert': a.kind },
          h('b', { text: alertText(t, fmt, s, a) }), ' ',
          h('span', { class: 'muted', text: t('alert_at', { time: `${clock(a.ts)} (${hmm(a.minute)})` }) }))))
        : h('p', { class: 'muted', text: t('no_alerts') }));
  }

  function questions(t, s, clock) {
    return h('section', { class: 'card live-questions', 'data-testid': 'live-questions' },
      h('h2', { text: `${t('questions')} · ${s.questions_answered}/${s.questions_total} ${t('answered')}` }),
      s.questions.length
        ? h('ul', { class: 'question-list' }, s.questions.map((q) => h('li', { class: q.answered ? 'q answered' : 'q open' },
          h('span', { class: q.answered ? 'tag ok' : 'tag open', text: q.answered ? t('answered') : t('unanswered') }), ' ',
          h('span', { class: 'q-text', text: q.text }), ' ',
          h('span', { class: 'muted small-note', text: t('asked_by', { user: q.user_id, time: clock(q.ts) }) }))))
        : h('p', { class: 'muted', text: t('no_questions') }));
  }

  function intents(t, fmt, s) {
    const keys = Object.keys(s.intents);
    const last = s.minutes.slice(-6);
    const head = h('tr', {}, h('th', { text: '' }), last.map((m) => h('th', { class: 'num', text: hmm(m.minute) })), h('th', { class: 'num', text: 'Σ' }));
    const rows = keys.map((k) => h('tr', {}, h('td', { text: t('intent_' + k) }),
      last.map((m) => h('td', { class: 'num', text: fmt('int', m.intents[k]) })), h('td', { class: 'num', text: fmt('int', s.intents[k]) })));
    return h('section', { class: 'card live-intents', 'data-testid': 'live-intents' },
      h('h2', { text: t('intents') }),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid' }, h('thead', {}, head), h('tbody', {}, rows))));
  }

  function markers(t, s) {
    return h('section', { class: 'card live-markers', 'data-testid': 'live-markers' },
      h('h2', { text: t('markers') }),
      s.markers.length
        ? h('ul', { class: 'marker-list' }, s.markers.map((mk) => h('li', { 'data-marker': mk.kind },
          h('span', { class: `tag marker-${mk.kind}`, text: t('marker_' + mk.kind) }), ' ',
          mk.label ? h('span', { text: mk.label }) : null, ' ',
          h('span', { class: 'muted', text: t('from_to', { from: hmm(mk.start_minute), to: hmm(mk.end_minute + 1) }) }))))
        : h('p', { class: 'muted', text: t('no_markers') }));
  }

  function products(t, fmt, s) {
    const top = (s.products || []).slice(0, 8);
    const funnel = (s.funnel || []).map((f) => `${eventName(f.step)} ${fmt('int', f.count)}`).join(' → ');
    return h('section', { class: 'card live-products', 'data-testid': 'live-products' },
      h('h2', { text: t('products') }),
      funnel ? h('p', { class: 'small-note', 'data-testid': 'live-funnel', text: `${t('funnel_so_far')}: ${funnel}` }) : null,
      top.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
          h('thead', {}, h('tr', {}, [t('product'), t('views'), t('series_clicks'), t('orders'), t('series_gmv')].map((x, i) => h('th', { class: i ? 'num' : null, text: x })))),
          h('tbody', {}, top.map((p) => h('tr', {},
            h('td', { text: p.title }),
            h('td', { class: 'num', text: fmt('int', p.views) }),
            h('td', { class: 'num', text: fmt('int', p.clicks) }),
            h('td', { class: 'num', text: fmt('int', p.orders) }),
            h('td', { class: 'num', text: fmt('money', p.gmv) }))))))
        : h('p', { class: 'muted', text: t('no_products') }));
  }

  /** The screen's DOM (without the charts' pixels: drawCharts() paints them). */
  function element(t, fmt, s, charts) {
    const clock = (ms) => new Date(ms + state.settings.options.tz_offset_minutes * 60_000).toISOString().slice(11, 19);
    if (!s || !s.minutes.length) return h('p', { class: 'muted', 'data-testid': 'live-empty', text: t('nothing_yet') });
    const start = new Date(s.start_ts + state.settings.options.tz_offset_minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    return h('div', { class: 'live-screen', 'data-testid': 'live-screen' },
      h('p', { class: 'showing', 'data-testid': 'live-session', text: t('session_now', { id: s.session_id || '—', start, minutes: fmt('int', s.kpis.live_minutes) }) }),
      h('p', { class: 'small-note', 'data-testid': 'live-baseline', text: s.baseline ? t('baseline_on', { n: s.baseline.session_ids.length }) : t('baseline_off') }),
      tiles(t, fmt, s),
      alerts(t, fmt, s, clock),
      h('div', { class: 'live-charts' }, charts.map((c) => h('figure', { class: 'chart card' }, canvasFor(c.id)))),
      h('div', { class: 'sub' }, questions(t, s, clock), markers(t, s)),
      products(t, fmt, s),
      intents(t, fmt, s));
  }

  /** Draws the live charts on their canvases; returns the time taken (ms). */
  async function drawCharts(charts) {
    const m = await drawingModule(app.opts.wasmUrl);
    const t0 = performance.now();
    const dark = app.applyTheme();
    const dpr = window.devicePixelRatio || 1;
    for (const spec of charts) {
      const canvas = canvases.get(spec.id);
      if (!canvas || !canvas.isConnected) continue;
      const w = Math.max(200, canvas.clientWidth);
      const hgt = Math.max(160, canvas.clientHeight);
      if (canvas.width !== Math.round(w * dpr)) canvas.width = Math.round(w * dpr);
      if (canvas.height !== Math.round(hgt * dpr)) canvas.height = Math.round(hgt * dpr);
      const old = handles.get(spec.id);
      if (old) old.free();
      handles.delete(spec.id);
      try {
        const chart = new m.Chart(spec);
        handles.set(spec.id, chart);
        chart.draw(canvas, dpr, dark);
        canvas.setAttribute('aria-label', spec.title);
        canvas.dataset.drawn = String(Number(canvas.dataset.drawn || 0) + 1);
      } catch (e) {
        console.error('live chart', spec.id, e);
      }
    }
    return performance.now() - t0;
  }

  function destroy() {
    for (const c of handles.values()) c.free();
    handles.clear();
    canvases.clear();
  }

  return { element, drawCharts, destroy };
}
