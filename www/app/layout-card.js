// The recognised platform layout of a file, for its card in the Files view: which export it is
// ("Douyin shop order export, one row per order line"), its platform and money unit, what was
// read (orders, sessions, events), how orders were tied to live sessions, and how each column
// was read (role and unit). Built from `FileReport.layout`.
import { h } from '../dom.js';
import { PLATFORM_NAMES, ROLE_LABELS, ps, label } from './platform-strings.js';

export function layoutBlock(lang, fmt, f) {
  const l = f.layout;
  if (!l) return null;
  const int = (n) => fmt('int', n);
  const what = l.sessions != null ? ps(lang, 'sessions_read', { n: int(l.sessions) })
    : l.events != null ? ps(lang, 'events_read', { n: int(l.events) })
      : ps(lang, 'orders_lines', { orders: int(l.orders), lines: int(l.order_lines) });
  const unit = (u) => ps(lang, u === 'fen' ? 'unit_fen' : 'unit_yuan');
  const t = l.order_sessions;
  const hasMoney = l.columns.some((c) => c.unit);
  return h('div', { class: 'layout', 'data-testid': 'file-layout' },
    h('p', { class: 'layout-name' },
      h('b', { text: ps(lang, 'recognised') + ': ' }),
      h('span', { 'data-testid': 'layout-description', text: lang === 'zh' ? l.description_zh : l.description })),
    h('p', { class: 'facts' },
      h('span', {}, ps(lang, 'platform') + ': ', h('code', { text: l.platform ? label(PLATFORM_NAMES, lang, l.platform) : ps(lang, 'not_named') })),
      hasMoney ? h('span', { 'data-testid': 'layout-unit' }, ps(lang, 'money_unit') + ': ', h('code', { text: unit(l.money_unit) })) : null,
      h('span', { text: what }),
      l.date_order ? h('span', { text: ps(lang, 'dates', { order: l.date_order }) }) : null),
    l.kind === 'orders' && !l.has_buyer_id && l.orders ? h('p', { class: 'muted', text: ps(lang, 'no_buyer_id') }) : null,
    t ? h('p', { 'data-testid': 'layout-ties', text: ps(lang, 'ties', { room: int(t.by_room), creator: int(t.by_creator_and_time), time: int(t.by_time), untied: int(t.untied) }) }) : null,
    h('details', { class: 'mapping' },
      h('summary', { text: ps(lang, 'columns_read') }),
      h('table', { class: 'grid', 'data-testid': 'layout-columns' },
        h('thead', {}, h('tr', {}, h('th', { text: lang === 'zh' ? '列' : 'Column' }), h('th', { text: ps(lang, 'read_as') }), h('th', { text: ps(lang, 'unit') }))),
        h('tbody', {}, l.columns.map((c) => h('tr', {},
          h('td', {}, h('code', { text: c.path })),
          h('td', { text: label(ROLE_LABELS, lang, c.role) }),
          h('td', { text: c.unit ? unit(c.unit) : '' })))))));
}
