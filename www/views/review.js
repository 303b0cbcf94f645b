// Post-live review (复盘) of one session against the creator's own earlier sessions: session
// picker, then one printable sheet — what went well, what to change, next time (each statement
// with the rule that made it worth saying), the KPIs against the baseline, and two charts. The
// statements come from the report in both languages; every text is set as text, never HTML.
// `review.css` holds the sheet's layout and its print rules (only while this view is shown).
import { KPI_LABELS, KPI_FORMAT } from '../i18n.js';
import { card, controls, field, select, missingNote, viewCss } from './ui.js';

// The view's own strings: [en, zh].
const S = {
  pick: ['Which live session', '选择直播场次'],
  print: ['Print or save as PDF', '打印或存为 PDF'],
  print_hint: ['One A4 page: the browser\'s print dialog can save it as a PDF.', '一页 A4：浏览器的打印对话框可以存为 PDF。'],
  title: ['Post-live review', '直播复盘'],
  went_well: ['What went well', '做得好的'],
  to_change: ['What to change', '需要改进的'],
  next_time: ['Next time', '下次直播'],
  nothing: ['Nothing stood out.', '没有突出的项。'],
  kpis: ['KPIs against your baseline', '各指标与基线对比'],
  kpi: ['KPI', '指标'],
  this_session: ['This session', '本场'],
  usual: ['Usual (median)', '平时（中位数）'],
  middle: ['Middle half', '中间一半'],
  difference: ['Difference', '差异'],
  better: ['better', '更好'],
  worse: ['worse', '更差'],
  usual_v: ['usual', '正常'],
  no_baseline: ['no baseline', '无基线'],
  host: ['Host: ', '主播：'],
  start: ['Start: ', '开播：'],
  base_host: ['Compared with {host}\'s previous {n} sessions ({first} … {last}).', '对比{host}之前的 {n} 场直播（{first} … {last}）。'],
  base_all: ['Compared with your previous {n} sessions ({first} … {last}).', '对比你之前的 {n} 场直播（{first} … {last}）。'],
  base_none: ['No earlier session to compare with.', '没有更早的直播可供比较。'],
  made_by: ['Computed on this device by LiveLens; no data left it.', '由 LiveLens 在本机计算，数据未离开本设备。'],
};

export const review = {
  id: 'review',
  label: ['Review', '复盘'],
  render(ctx) {
    const { h, fmt, report: r, options: o } = ctx;
    const s = (key, vars) => {
      let out = ctx.t.pair(S, key);
      for (const [k, v] of Object.entries(vars || {})) out = out.replaceAll(`{${k}}`, String(v));
      return out;
    };
    const lang = ctx.lang === 'zh' ? 'zh' : 'en';
    const rv = r.review;
    const parts = [viewCss(ctx), h('link', { rel: 'stylesheet', href: new URL('./review.css', import.meta.url).href })];
    const sessions = r.kpis.by_session || [];
    if (sessions.length) {
      parts.push(card(ctx, null, h('div', { class: 'review-tools' }, controls(ctx,
        field(ctx, s('pick'), select(ctx, {
          testid: 'review-session', value: rv ? rv.session_id : o.review_session,
          options: [...sessions].reverse().map((x) => [x.session_id, [x.session_id, x.start && x.start.slice(0, 16), x.host, x.title].filter(Boolean).join(' · ')]),
          onchange: (v) => ctx.setOptions({ review_session: v }),
        })),
        h('button', { class: 'primary', 'data-testid': 'review-print', text: s('print'), onclick: () => window.print() })),
      h('p', { class: 'small-note', text: s('print_hint') }))));
    }
    if (!rv) {
      parts.push(missingNote(ctx, 'review'));
      return parts;
    }
    parts.push(sheet(ctx, rv, s, lang, fmt, h));
    return parts;
  },
};

/** The printable sheet. */
function sheet(ctx, rv, s, lang, fmt, h) {
  const b = rv.baseline.sessions;
  const baseText = !b.length ? s('base_none')
    : s(rv.baseline.same_host && rv.host ? 'base_host' : 'base_all', { host: rv.host, n: b.length, first: b[0], last: b[b.length - 1] });
  const meta = [rv.host && `${s('host')}${rv.host}`, rv.start && `${s('start')}${rv.start.slice(0, 16)}`, baseText].filter(Boolean).join(' · ');
  const part = (key, cls, list) => h('section', { class: `review-part ${cls}`, 'data-testid': `review-${key}` },
    h('h3', { text: s(key) }),
    h('ul', {}, list.length
      ? list.map((st) => h('li', { 'data-kind': st.kind, 'data-subject': st.subject },
        h('span', { class: 'st', text: st.text[lang] }),
        h('span', { class: 'rule', text: st.rule.text[lang] })))
      : [h('li', { class: 'muted', text: s('nothing') })]));
  return h('article', { class: 'review-sheet card', 'data-testid': 'review-sheet', lang: lang === 'zh' ? 'zh-CN' : 'en' },
    h('header', { class: 'review-head' },
      h('h2', { text: `${s('title')} · ${rv.session_id}${rv.title ? ' · ' + rv.title : ''}` }),
      h('p', { class: 'review-meta', text: meta }),
      ...(rv.notes || []).map((n) => h('p', { class: 'review-note', text: n[lang] }))),
    h('div', { class: 'review-parts' },
      part('went_well', 'good', rv.went_well),
      part('to_change', 'bad', rv.to_change),
      part('next_time', 'next', rv.next_time)),
    h('div', { class: 'review-bottom' },
      kpiTable(rv, s, fmt, h, ctx),
      h('div', { class: 'review-charts' }, ctx.charts(['review_kpis', 'review_pitches']))),
    h('p', { class: 'review-foot muted', text: s('made_by') }));
}

/** The KPIs against the baseline (a plain table: it prints without the table tools). */
function kpiTable(rv, s, fmt, h, ctx) {
  const f = (key, v) => fmt(KPI_FORMAT[key] || 'dec', v);
  const verdict = { better: s('better'), worse: s('worse'), usual: s('usual_v'), no_baseline: s('no_baseline'), no_value: '—' };
  const diff = (l) => {
    if (l.difference == null) return '—';
    const sign = l.difference > 0 ? '+' : l.difference < 0 ? '−' : '';
    if (l.unit === 'percent') return `${sign}${Math.abs(l.difference * 100).toFixed(1)} pp`;
    const rel = l.relative_difference == null ? '' : ` (${sign}${Math.abs(Math.round(l.relative_difference * 100))}%)`;
    return `${sign}${f(l.key, Math.abs(l.difference))}${rel}`;
  };
  const rows = rv.kpis.filter((l) => l.verdict !== 'no_value');
  return h('table', { class: 'review-kpis', 'data-testid': 'review-kpis' },
    h('caption', { text: s('kpis') }),
    h('thead', {}, h('tr', {}, [s('kpi'), s('this_session'), s('usual'), s('middle'), s('difference'), ''].map((x) => h('th', { text: x })))),
    h('tbody', {}, rows.map((l) => h('tr', { 'data-kpi': l.key, class: l.verdict },
      h('td', { text: ctx.t.pair(KPI_LABELS, l.key) }),
      h('td', { class: 'num', text: f(l.key, l.value) }),
      h('td', { class: 'num', text: l.baseline ? f(l.key, l.baseline.median) : '—' }),
      h('td', { class: 'num', text: l.baseline ? `${f(l.key, l.baseline.q1)} – ${f(l.key, l.baseline.q3)}` : '—' }),
      h('td', { class: 'num', text: diff(l) }),
      h('td', { class: 'verdict-cell', text: verdict[l.verdict] || '' })))));
}
