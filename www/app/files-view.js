// The validation section: one card per file (kind, sheet, column mapping, rejected rows with
// examples, warnings, unknown event names to map), built from the worker's validation report.
import { FIELD_LABELS, KIND_FIELDS, EVENT_LABELS, REASONS, FILE_ERRORS_ZH } from '../i18n.js';
import { h } from '../dom.js';
import { layoutBlock } from './layout-card.js';
import { PLATFORM_NAMES, knownPlatforms, label } from './platform-strings.js';

export function createFilesView(app) {
  const { state } = app;

  function fileSettings(name) {
    let fs = state.settings.files.find((f) => f.name === name);
    if (!fs) {
      const rep = state.validation && state.validation.files.find((f) => f.name === name);
      fs = { name, kind: rep ? rep.kind : null, sheet: null, mapping: {} };
      state.settings.files.push(fs);
    }
    return fs;
  }

  function fileCard(t, f) {
    const kinds = ['events', 'orders', 'items', 'users', 'sessions'];
    const errText = f.error ? (state.lang === 'zh' ? (FILE_ERRORS_ZH[f.error.code] || f.error.message) : f.error.message) : null;
    const kindSel = h('select', {
      'data-testid': 'kind-select',
      onchange: (e) => { const value = e.target.value; app.run('parsing', async () => { const fs = fileSettings(f.name); fs.kind = value || null; fs.mapping = {}; const of = state.ownFiles.find((x) => x.file.name === f.name); if (of) of.kind = fs.kind || ''; await app.upload.reingest(); }); },
    }, h('option', { value: '', text: t('kind_auto') }), kinds.map((k) => h('option', { value: k, selected: f.kind === k, text: t('kind_' + k) })));
    const facts = [
      [t('format'), f.format], [t('encoding'), f.encoding], [t('delimiter'), f.delimiter],
    ].filter(([, v]) => v);
    const sheetSel = f.sheets && f.sheets.length > 1 ? h('label', { class: 'kind' }, t('sheet') + ' ', h('select', {
      'data-testid': 'sheet-select',
      onchange: (e) => { const value = e.target.value; app.run('parsing', async () => { const fs = fileSettings(f.name); fs.sheet = value; fs.kind = null; fs.mapping = {}; await app.upload.reingest(); }); },
    }, f.sheets.map((name) => h('option', { value: name, selected: name === f.sheet, text: name })))) : null;
    const platformSel = platformChoice(f);
    const counts = h('div', { class: 'counts' },
      h('span', {}, h('b', { text: app.fmt('int', f.rows_read) }), ' ' + t('rows_read')),
      h('span', { class: 'ok' }, h('b', { text: app.fmt('int', f.rows_accepted) }), ' ' + t('rows_accepted')),
      h('span', { class: f.rows_rejected ? 'bad' : '' }, h('b', { text: app.fmt('int', f.rows_rejected) }), ' ' + t('rows_rejected')),
      f.merged_with_orders ? h('span', {}, h('b', { text: app.fmt('int', f.merged_with_orders) }), ' ' + t('merged_with_orders')) : null);
    return h('article', { class: 'file card' + (f.error ? ' has-error' : ''), 'data-testid': 'file-card' },
      h('div', { class: 'file-head' },
        h('h3', { text: f.name }),
        h('div', { class: 'row' }, sheetSel,
          h('label', { class: 'kind' }, t('file_kind') + ' ', kindSel, f.kind_detected ? h('small', { text: ' (' + t('detected') + ')' }) : null),
          platformSel)),
      facts.length ? h('p', { class: 'facts' }, facts.map(([k, v]) => h('span', {}, k + ': ', h('code', { text: v })))) : null,
      platformSel && platformSel.tagName === 'LABEL' && !f.platform
        ? h('p', { class: 'muted', 'data-testid': 'platform-hint', text: label(PLATFORM_NAMES, state.lang, 'platform_hint') }) : null,
      errText ? h('p', { class: 'error', role: 'alert', 'data-testid': 'file-error', text: errText }) : null,
      f.error ? null : counts,
      f.layout ? layoutBlock(state.lang, app.fmt, f) : mappingTable(t, f),
      rejectedTable(t, f),
      f.warnings.length ? h('div', { class: 'warnings' }, h('h4', { text: t('warnings') }), h('ul', {}, f.warnings.map((w) => h('li', { text: w })))) : null,
      unknownEvents(t, f));
  }

  /**
   * The platform of a file's rows, for a file that names none (no platform layout, no platform
   * column): the user's choice, sent as the ingest options' `file_platforms`; changing it reads
   * the files again and re-runs the analysis. A file that names its platform shows where from.
   */
  function platformChoice(f) {
    const lang = state.lang;
    const pl = (key) => label(PLATFORM_NAMES, lang, key);
    if (f.error) return null;
    if (f.layout && f.layout.platform) return null;
    const column = (f.columns || []).find((c) => c.field === 'platform');
    if (column) {
      return h('small', { class: 'platform-from', 'data-testid': 'platform-from-column', text: pl('platform_from_column').replace('{column}', column.header) });
    }
    const readsRows = f.layout || f.kind === 'events' || f.kind === 'orders';
    if (!readsRows) return null;
    const current = f.platform || '';
    const ids = knownPlatforms();
    if (current && !ids.includes(current)) ids.push(current);
    const sel = h('select', {
      'data-testid': 'platform-select',
      title: pl('platform_hint'),
      onchange: (e) => {
        const value = e.target.value;
        app.run('parsing', async () => {
          const o = state.settings.options;
          o.file_platforms = (o.file_platforms || []).filter(([n]) => n !== f.name);
          if (value) o.file_platforms.push([f.name, value]);
          await app.upload.reingest();
        });
      },
    }, h('option', { value: '', text: pl('platform_not_set') }),
    ids.map((id) => h('option', { value: id, selected: id === current, text: pl(id) })));
    return h('label', { class: 'kind platform' }, pl('platform_choice') + ' ', sel);
  }

  function mappingTable(t, f) {
    if (!f.columns.length || !f.kind) return null;
    const fields = KIND_FIELDS[f.kind] || [];
    return h('details', { class: 'mapping', open: !!f.error },
      h('summary', { text: t('columns') }),
      h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', { text: t('column') }), h('th', { text: t('maps_to') }), h('th', { text: t('samples') }))),
        h('tbody', {}, f.columns.map((c) => h('tr', {},
          h('td', {}, h('code', { text: c.header })),
          h('td', {}, f.kind === 'users' && c.field !== 'user'
            ? h('span', { class: 'muted', text: t('attribute') })
            : h('select', {
              'data-column': c.header,
              onchange: (e) => { const field = e.target.value; app.run('parsing', async () => {
                const fs = fileSettings(f.name);
                fs.kind = f.kind;
                for (const [k, v] of Object.entries(fs.mapping)) if (v === c.header) fs.mapping[k] = null;
                if (c.field && c.field !== 'attribute') fs.mapping[c.field] = null;
                if (field) fs.mapping[field] = c.header;
                await app.upload.reingest();
              }); },
            }, h('option', { value: '', text: t('not_used') }), fields.map((k) => h('option', { value: k, selected: c.field === k, text: t.pair(FIELD_LABELS, k) })))),
          h('td', { class: 'samples', text: c.samples.join(' · ') }))))));
  }

  function rejectedTable(t, f) {
    if (!f.rejected_by_reason.length) return null;
    return h('details', { class: 'rejected', open: true },
      h('summary', { text: `${t('rejected_rows')} (${app.fmt('int', f.rows_rejected)})` }),
      h('table', { class: 'grid', 'data-testid': 'rejected' },
        h('thead', {}, h('tr', {}, h('th', { text: t('reason') }), h('th', { text: t('count') }), h('th', { text: t('examples') }))),
        h('tbody', {}, f.rejected_by_reason.map((g) => h('tr', {},
          h('td', { text: state.lang === 'zh' ? t.pair(REASONS, g.reason) : g.message }),
          h('td', { class: 'num', text: app.fmt('int', g.count) }),
          h('td', {}, g.examples.map((ex) => h('div', { class: 'example' },
            h('span', { class: 'muted', text: state.lang === 'zh' ? `第 ${ex.line} 行` : `line ${ex.line}` }),
            ex.column ? [' · ', h('code', { text: ex.column })] : null,
            ' · ', h('code', { text: ex.value === '' ? '∅' : ex.value })))))))));
  }

  function unknownEvents(t, f) {
    if (!f.unknown_events || !f.unknown_events.length) return null;
    const keys = Object.keys(EVENT_LABELS);
    return h('div', { class: 'unknown', 'data-testid': 'unknown-events' },
      h('h4', { text: t('unknown_events') }),
      h('ul', {}, f.unknown_events.map((u) => h('li', {},
        h('code', { text: u.name }), h('span', { class: 'muted', text: ` × ${app.fmt('int', u.count)} → ` }),
        h('select', {
          'data-event': u.name,
          onchange: (e) => { const value = e.target.value; app.run('analysing', async () => {
            const map = state.settings.options.event_map.filter(([n]) => n !== u.name);
            if (value) map.push([u.name, value]);
            state.settings.options.event_map = map;
            state.validation = await app.engine.request('mapEvents', { map });
            await app.upload.analyse();
          }); },
        }, h('option', { value: '', text: t('keep_unknown') }), keys.map((k) => h('option', { value: k, text: `${k} · ${t.pair(EVENT_LABELS, k)}` })))))));
  }

  /** The section listing every file of the validation report `v`. */
  function section(t, v) {
    return h('section', { class: 'files', 'data-testid': 'validation', part: 'validation' },
      h('details', { open: state.source === 'own' },
        h('summary', {}, h('h2', { text: t('files') }),
          h('span', { class: 'muted', text: ` ${app.fmt('int', v.rows_read)} ${t('rows_read')} · ${app.fmt('int', v.rows_accepted)} ${t('rows_accepted')} · ${app.fmt('int', v.rows_rejected)} ${t('rows_rejected')}` })),
        inUserOrder(v.files).map((f) => fileCard(t, f))));
  }

  /** The file reports in the order the user added the files (the worker reads them in the
   * core's reading order: side tables, events, orders). */
  function inUserOrder(files) {
    const order = new Map((state.ownFiles || []).map((f, i) => [f.file.name, i]));
    const at = (f) => (order.has(f.name) ? order.get(f.name) : Number.MAX_SAFE_INTEGER);
    return [...files].sort((a, b) => at(a) - at(b));
  }

  return { section };
}
