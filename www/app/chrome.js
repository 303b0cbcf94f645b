// The widget's fixed parts around the views: the header (brand, language switch), the source
// bar (demo or own files), the progress bar with its cancel button, and the settings.
import { makeT } from '../i18n.js';
import { h } from '../dom.js';
import { browserOffset, bytesText, tzLabel, ZONES } from './state.js';

export function createChrome(app) {
  const { opts, state } = app;

  const progressEl = h('div', { class: 'progress', role: 'status', 'aria-live': 'polite', part: 'progress' });
  function renderProgress() {
    const t = makeT(state.lang);
    progressEl.replaceChildren();
    progressEl.hidden = !state.busy;
    if (!state.busy) return;
    const b = state.busy;
    const pct = b.total ? Math.min(100, Math.round((100 * b.done) / b.total)) : null;
    const facts = [];
    // While parsing: "12.3 MB of 48 MB · 260,000 rows" (bytes read of the total, rows so far).
    if (b.unit === 'bytes' && b.total) facts.push(t('bytes_of', { done: bytesText(b.done, state.lang), total: bytesText(b.total, state.lang) }));
    else if (b.bytes) facts.push(bytesText(b.bytes, state.lang));
    if (b.step) facts.push(t('stage_' + b.step));
    const rows = b.rows != null ? b.rows : state.validation && b.stage === 'analysing' ? state.validation.rows_accepted : null;
    if (rows != null) facts.push(t('rows_n', { n: app.fmt('int', rows) }));
    progressEl.append(...[
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', { class: 'stage', 'data-testid': 'progress-stage', text: t('progress_' + (b.stage || 'parsing')) + (pct != null ? ` ${pct}%` : '') }),
      pct != null ? h('progress', { max: 100, value: pct, 'aria-label': t('progress') }) : h('progress', { 'aria-label': t('progress') }),
      facts.length ? h('span', { class: 'muted', 'data-testid': 'progress-facts', text: facts.join(' · ') }) : null,
      h('button', { class: 'ghost', 'data-testid': 'cancel', onclick: () => app.cancel(), text: t('cancel') }),
    ].filter(Boolean));
  }

  function header(t) {
    return h('header', { class: 'top', part: 'header' },
      h('div', { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '◉'),
        h('div', {}, h('h1', { text: t('brand') }), h('p', { class: 'tagline', text: t('tagline') }))),
      h('button', {
        class: 'lang', 'data-testid': 'lang', onclick: () => app.setLang(state.lang === 'zh' ? 'en' : 'zh'),
        text: t('lang_switch'),
      }));
  }

  function sourceBar(t) {
    const v = state.report && state.report.dataset;
    return h('section', { class: 'source card', part: 'source' },
      h('div', { class: 'tabs', role: 'tablist' },
        h('button', {
          role: 'tab', 'aria-selected': String(state.source === 'demo'), class: state.source === 'demo' ? 'tab on' : 'tab',
          'data-testid': 'source-demo', onclick: () => app.upload.loadDemo(), text: t('source_demo'),
        }),
        h('button', {
          role: 'tab', 'aria-selected': String(state.source === 'own'), class: state.source === 'own' ? 'tab on' : 'tab',
          'data-testid': 'source-own',
          onclick: () => app.upload.showOwn(),
          text: t('source_own'),
        })),
      h('p', { class: 'showing', 'data-testid': 'showing', text: state.source === 'demo' ? t('showing_demo') : state.source === 'own' ? t('showing_own') : t('showing_none') }),
      v ? h('p', { class: 'summary', text: t('dataset', { events: app.fmt('int', v.events), users: app.fmt('int', v.users), sessions: app.fmt('int', v.sessions), items: app.fmt('int', v.items), first: v.first_event || '—', last: v.last_event || '—' }) }) : null,
      h('p', { class: 'privacy', text: t('privacy') }));
  }

  function settingsBar(t) {
    const off = state.settings.options.tz_offset_minutes;
    const zones = [...new Set([...ZONES, browserOffset().minutes, off])].sort((a, b) => a - b);
    const label = tzLabel;
    const tz = h('select', {
      'data-testid': 'tz',
      onchange: (e) => { state.settings.options.tz_offset_minutes = Number(e.target.value); app.url.write(); if (state.source) app.run('parsing', app.upload.reingest); },
    }, zones.map((m) => h('option', { value: m, selected: m === off, text: label(m) + (m === browserOffset().minutes ? ' ✓' : '') })));
    const dup = h('input', {
      type: 'checkbox', checked: state.settings.options.drop_duplicates,
      onchange: (e) => { state.settings.options.drop_duplicates = e.target.checked; app.url.write(); if (state.source) app.run('parsing', app.upload.reingest); },
    });
    const keep = opts.persist ? h('input', {
      type: 'checkbox', checked: state.keep, 'data-testid': 'keep',
      onchange: (e) => { app.persistence.setKeep(e.target.checked); },
    }) : null;
    return h('details', { class: 'settings', part: 'settings' },
      h('summary', { text: t('settings') }),
      h('label', {}, t('timezone') + ' ', tz),
      h('label', {}, dup, ' ' + t('drop_duplicates')),
      keep ? h('label', { title: t('keep_hint') }, keep, ' ' + t('keep')) : null);
  }

  return { progressEl, renderProgress, header, sourceBar, settingsBar };
}
