// Data tables of the widget: sorting (click a header), a filter box and CSV export; the sort and
// filter of each table survive re-renders.
import { makeT } from '../i18n.js';
import { h } from '../dom.js';
import { downloadCsv } from '../csv.js';

/** Sort order of table cells: numbers numerically, text by locale, empty values last. */
function compareCells(a, b, collator) {
  const ea = a == null || a === '' || (typeof a === 'number' && !isFinite(a));
  const eb = b == null || b === '' || (typeof b === 'number' && !isFinite(b));
  if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** Rows a table shows at once (filter, sort or export CSV for the rest). */
const TABLE_LIMIT = 1000;

export function createTables(app) {
  const { state } = app;
  /** Sort and filter of each table (by test id), kept across re-renders. */
  const tableState = new Map();

  /**
   * A data table with sorting (click a header), a filter box and CSV export. `columns` are
   * `[label, get(row), format?]`; a format (see dom.js) makes the column numeric
   * (right-aligned). Shows the first TABLE_LIMIT matching rows; the CSV has all of them, with
   * raw values (numbers as numbers) and formula-like text neutralised (csv.js).
   */
  function table(columns, rows, testid) {
    const t = makeT(state.lang);
    const key = testid || columns.map((c) => c[0]).join('|');
    const st = tableState.get(key) || { sort: null, dir: 1, filter: '' };
    tableState.set(key, st);
    const collator = new Intl.Collator(state.lang === 'zh' ? 'zh-CN' : 'en-US', { numeric: true });
    const text = (r, [, get, f]) => { const v = get(r); return f ? app.fmt(f, v) : String(v ?? '—'); };
    const visible = () => {
      let out = rows;
      const q = st.filter.trim().toLowerCase();
      if (q) out = out.filter((r) => columns.some((c) => text(r, c).toLowerCase().includes(q)));
      if (st.sort != null && columns[st.sort]) {
        const get = columns[st.sort][1];
        out = out.map((r, i) => [get(r), i, r]).sort((a, b) => st.dir * compareCells(a[0], b[0], collator) || a[1] - b[1]).map((x) => x[2]);
      }
      return out;
    };
    const tbody = h('tbody');
    const count = h('span', { class: 'muted table-count', 'aria-live': 'polite' });
    const heads = columns.map(([label, , f], i) => h('th', { class: f ? 'num' : null, scope: 'col' },
      h('button', {
        class: 'sort', type: 'button', text: label, title: t('sort'),
        onclick: () => { if (st.sort === i) st.dir = -st.dir; else { st.sort = i; st.dir = f ? -1 : 1; } fill(); },
      })));
    function fill() {
      const vis = visible();
      tbody.replaceChildren(...vis.slice(0, TABLE_LIMIT).map((r) => h('tr', {}, columns.map((c) => h('td', { class: c[2] ? 'num' : null, text: text(r, c) })))));
      heads.forEach((th, i) => {
        const dir = st.sort === i ? (st.dir > 0 ? 'ascending' : 'descending') : 'none';
        th.setAttribute('aria-sort', dir);
        th.firstChild.dataset.dir = dir;
      });
      count.textContent = vis.length > TABLE_LIMIT
        ? t('rows_shown', { shown: app.fmt('int', TABLE_LIMIT), total: app.fmt('int', vis.length) })
        : t('rows_n', { n: app.fmt('int', vis.length) });
    }
    const raw = (v) => (v == null || typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));
    const tools = h('div', { class: 'table-tools' },
      h('input', {
        type: 'search', class: 'filter', placeholder: t('filter'), 'aria-label': t('filter'), value: st.filter,
        'data-testid': testid ? `${testid}-filter` : null,
        oninput: (e) => { st.filter = e.target.value; fill(); },
      }),
      count,
      h('button', {
        class: 'ghost small', type: 'button', text: t('export_csv'), 'data-testid': testid ? `${testid}-csv` : null,
        onclick: () => downloadCsv(`livelens-${testid || 'table'}.csv`, columns.map((c) => c[0]), visible().map((r) => columns.map(([, get]) => raw(get(r))))),
      }));
    fill();
    return h('div', { class: 'table-box' }, tools, h('div', { class: 'table-wrap' }, h('table', { class: 'grid', 'data-testid': testid },
      h('thead', {}, h('tr', {}, heads)), tbody)));
  }

  return { table, clear: () => tableState.clear() };
}
