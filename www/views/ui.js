// Building blocks shared by the analysis views: cards, labelled controls, plain-words notes for
// analyses that could not run, and small formatting helpers. Text only (see dom.js).
import { EVENT_LABELS, EVENTS } from '../i18n.js';

/** Canonical event keys in the order of metrics.md (from the core's label table). */
export { EVENTS };

/** The stylesheet of the views (inside the widget's shadow root). */
export function viewCss(ctx) {
  return ctx.h('link', { rel: 'stylesheet', href: new URL('./views.css', import.meta.url).href });
}

/**
 * The parameters a report section used: its `params` echo when the report has one, else the
 * options given (`ctx.options[key]`) over the wasm's defaults (`ctx.defaults[key]`, from
 * `defaultOptions()`). The views hold no default values of their own.
 */
export function params(ctx, key, section) {
  if (section && section.params) return { ...section.params };
  return { ...((ctx.defaults || {})[key] || {}), ...((ctx.options || {})[key] || {}) };
}

/** A titled card. */
export function card(ctx, title, ...children) {
  return ctx.h('section', { class: 'card' }, title ? ctx.h('h2', { text: title }) : null, ...children);
}

/** A labelled control. */
export function field(ctx, label, control) {
  return ctx.h('label', { class: 'field' }, ctx.h('span', { class: 'field-label', text: label }), control);
}

/** A `<select>`; `options` are `[value, label]` pairs; `onchange(value)`. */
export function select(ctx, { testid, value, options, onchange, multiple }) {
  const el = ctx.h('select', {
    'data-testid': testid, multiple: multiple || null, size: multiple ? Math.min(8, options.length) : null,
    onchange: (e) => onchange(multiple ? [...e.target.selectedOptions].map((o) => o.value) : e.target.value),
  }, options.map(([v, label]) => ctx.h('option', {
    value: v, text: label,
    selected: multiple ? (value || []).includes(v) : String(v) === String(value),
  })));
  return el;
}

/** A row of controls. */
export function controls(ctx, ...children) {
  return ctx.h('div', { class: 'controls', 'data-testid': 'controls' }, ...children);
}

/** Label of a canonical event in the page language. */
export function eventLabel(ctx, key) {
  return ctx.t.pair(EVENT_LABELS, key);
}

/** Small figure tiles: `[label, value text, testid?]`. */
export function tiles(ctx, items) {
  return ctx.h('div', { class: 'kpis' }, items.filter(Boolean).map(([label, value, id]) => ctx.h('div', { class: 'kpi', 'data-kpi': id || null },
    ctx.h('span', { class: 'kpi-label', text: label }),
    ctx.h('span', { class: 'kpi-value', text: value }))));
}

/**
 * Why an analysis is missing, in plain words: the events it needs and those the data has, or the
 * core's message. `fallback` is shown when the report has no entry for the section.
 */
export function missingNote(ctx, section, fallback) {
  const { h, t, report } = ctx;
  const s = ctx.missing(section);
  let text;
  if (s && s.code === 'missing_events') {
    const m = s.message.match(/needs (.+?) events/);
    const need = m ? m[1].split(/,\s*/).map((k) => eventLabel(ctx, k)).join(t('list_sep')) : '';
    const have = (report.dataset.event_counts || []).map(([k]) => eventLabel(ctx, k)).join(t('list_sep'));
    text = t('needs_events', { need, have: have || '—' });
    if (report.dataset.orders_only) text += ' ' + t('orders_only_hint');
  } else if (s && s.code === 'missing_sessions') {
    text = t('needs_sessions');
  } else if (s && s.code === 'no_buyer_id') {
    text = t('needs_buyer_id');
  } else if (s) {
    text = t('could_not_run') + ' ' + s.message;
  } else {
    text = fallback || t('could_not_run');
  }
  return h('p', { class: 'alert missing', role: 'status', 'data-testid': 'missing', text });
}

/** Seconds as a duration, or a dash. */
export const dur = (ctx, v) => ctx.fmt('duration', v);

/** Minute offset as h:mm. */
export function hmm(minute) {
  const m = Math.round(minute);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** A local day number (days since 1970-01-01) from `YYYY-MM-DD`, and back. */
export function dayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}
export function isoOf(day) {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** A file name stamp. */
export const stamp = () => new Date().toISOString().slice(0, 10);
