// Hosts and A/B: the host leaderboard (every KPI), host × category sales, and the comparison of
// two groups (hosts, sets of sessions, or an attribute split) with Wilson intervals, the z-test,
// chance to beat control, sample-ratio mismatch, sample size still needed and the verdict.
import { KPI_LABELS, KPI_FORMAT } from '../i18n.js';
import { card, controls, field, select, missingNote, viewCss } from './ui.js';

const METRICS = ['conversion', 'click_through', 'follow', 'interaction'];

/** The comparison as the form edits it. */
function currentChoice(r, o) {
  if (o.compare) return JSON.parse(JSON.stringify(o.compare));
  const c = r.comparison;
  return { a: { host: c ? c.a.label : (r.hosts[0] || {}).group || '' }, b: { host: c ? c.b.label : (r.hosts[1] || {}).group || '' }, metric: c ? c.metric : 'conversion' };
}
const kindOf = (g) => Object.keys(g)[0];

export const compare = {
  id: 'compare',
  label: ['Hosts & A/B', '主播与 A/B'],
  render(ctx) {
    const { h, t, fmt, report: r } = ctx;
    const parts = [viewCss(ctx)];

    // Host leaderboard.
    if (r.hosts.length) {
      const keys = Object.keys(KPI_LABELS).map((k) => [t.pair(KPI_LABELS, k), (row) => row[k], KPI_FORMAT[k]]);
      parts.push(card(ctx, t('hosts'), ctx.table([[t('host'), (s) => s.group], [t('sessions'), (s) => s.sessions, 'int'], ...keys], r.hosts, 'host-leaderboard')));
      parts.push(ctx.charts(['gmv_by_host', 'hosts_by_category']));
      if ((r.hosts_by_category || []).length) {
        parts.push(card(ctx, t('host_by_category'), ctx.table([
          [t('host'), (x) => x.host],
          [t('category'), (x) => x.category],
          [t('gmv'), (x) => x.gmv, 'money'],
          [t('share_of_host_gmv'), (x) => x.share_of_host_gmv, 'pct'],
          [t('buyers'), (x) => x.buyers, 'int'],
          [t('orders'), (x) => x.orders, 'int'],
          [t('host_viewers'), (x) => x.host_viewers, 'int'],
          [t('buyers_per_viewer'), (x) => x.conversion_rate, 'pct'],
        ], r.hosts_by_category, 'host-category')));
      }
    } else {
      parts.push(h('p', { class: 'alert missing', 'data-testid': 'missing', text: t('no_hosts') }));
    }

    // A/B form.
    const draft = currentChoice(r, ctx.options);
    const attrs = r.dataset.attribute_values || r.dataset.attributes.map((a) => [a, []]);
    const sessions = r.sessions.map((s) => [s.session_id, s.host ? `${s.session_id} · ${s.host}` : s.session_id]);
    const form = h('div', { 'data-testid': 'ab-form' });
    const arm = (side) => {
      const g = draft[side];
      const k = kindOf(g);
      if (k === 'host') {
        return field(ctx, t(side === 'a' ? 'group_a' : 'group_b'), select(ctx, {
          testid: `ab-${side}`, value: g.host, options: r.hosts.map((x) => [x.group, x.group]),
          onchange: (v) => { draft[side] = { host: v }; },
        }));
      }
      if (k === 'sessions') {
        return field(ctx, t(side === 'a' ? 'group_a' : 'group_b') + ' · ' + t('multi_hint'), select(ctx, {
          testid: `ab-${side}`, multiple: true, value: g.sessions, options: sessions,
          onchange: (v) => { draft[side] = { sessions: v }; },
        }));
      }
      const name = g.attribute.name;
      const values = (attrs.find(([n]) => n === name) || [name, []])[1];
      return field(ctx, t(side === 'a' ? 'group_a' : 'group_b'), select(ctx, {
        testid: `ab-${side}`, value: g.attribute.value, options: values.map((v) => [v, v]),
        onchange: (v) => { draft[side] = { attribute: { name, value: v } }; },
      }));
    };
    const setKind = (k) => {
      if (k === 'host') { draft.a = { host: (r.hosts[0] || {}).group || '' }; draft.b = { host: (r.hosts[1] || r.hosts[0] || {}).group || '' }; }
      if (k === 'sessions') { draft.a = { sessions: sessions.slice(0, 1).map((s) => s[0]) }; draft.b = { sessions: sessions.slice(1, 2).map((s) => s[0]) }; }
      if (k.startsWith('attr:')) {
        const name = k.slice(5);
        const vals = (attrs.find(([n]) => n === name) || [name, []])[1];
        draft.a = { attribute: { name, value: vals[0] || '' } };
        draft.b = { attribute: { name, value: vals[1] || vals[0] || '' } };
      }
      drawForm();
    };
    function drawForm() {
      const k = kindOf(draft.a);
      const kindValue = k === 'attribute' ? 'attr:' + draft.a.attribute.name : k;
      form.replaceChildren(controls(ctx,
        field(ctx, t('compare_what'), select(ctx, {
          testid: 'ab-kind', value: kindValue,
          options: [...(r.hosts.length >= 1 ? [['host', t('two_hosts')]] : []), ...(sessions.length ? [['sessions', t('two_session_sets')]] : []),
            ...attrs.map(([n]) => ['attr:' + n, t('attribute_split', { name: n })])],
          onchange: setKind,
        })),
        arm('a'), h('span', { class: 'arrow', text: 'vs' }), arm('b'),
        field(ctx, t('metric'), select(ctx, {
          testid: 'ab-metric', value: draft.metric, options: METRICS.map((m) => [m, t('metric_' + m)]),
          onchange: (v) => { draft.metric = v; },
        })),
        h('button', { class: 'primary', 'data-testid': 'ab-apply', text: t('compare_apply'), onclick: () => ctx.setOptions({ compare: draft }) })));
    }
    drawForm();
    const c = r.comparison;
    const abParts = [form];
    if (!c) {
      abParts.push(missingNote(ctx, 'comparison', t('compare_pick')));
    } else {
      const verdictText = ctx.lang === 'zh' ? c.summary_zh : c.summary_en;
      abParts.push(h('p', { class: 'verdict' + (c.srm_flag ? ' flag' : ''), 'data-testid': 'verdict', text: verdictText }));
      if (c.srm_flag) abParts.push(h('p', { class: 'alert', 'data-testid': 'srm', text: t('srm_warning', { p: fmt('dec3', c.srm_p_value) }) }));
      const interval = (a) => `${fmt('pct', a.rate)} [${fmt('pct', a.wilson_low)} – ${fmt('pct', a.wilson_high)}]`;
      abParts.push(ctx.table([
        [t('group'), (x) => x.name],
        [t('label'), (x) => x.a.label],
        [t('trials_' + c.metric), (x) => x.a.trials, 'int'],
        [t('successes_' + c.metric), (x) => x.a.successes, 'int'],
        [t('rate_wilson'), (x) => interval(x.a)],
      ], [{ name: 'A (' + t('control') + ')', a: c.a }, { name: 'B', a: c.b }], 'ab-arms'));
      const stats = [
        [t('metric'), t('metric_' + c.metric)],
        [t('difference'), `${c.difference == null ? '—' : (c.difference >= 0 ? '+' : '') + fmt('pct', c.difference)} [${fmt('pct', c.diff_ci_low)} – ${fmt('pct', c.diff_ci_high)}]`],
        [t('relative_lift'), c.relative_lift == null ? '—' : (c.relative_lift >= 0 ? '+' : '') + fmt('pct', c.relative_lift)],
        ['z', fmt('dec3', c.z)],
        [t('p_value'), fmt('dec3', c.p_value)],
        [t('chance_to_beat'), fmt('pct', c.chance_to_beat_control)],
        [t('srm'), `${c.srm_flag ? t('srm_yes') : t('srm_no')} (p = ${fmt('dec3', c.srm_p_value)})`],
        [t('sample_size'), fmt('int', c.sample_size_per_arm)],
        [t('more_needed'), fmt('int', c.more_needed_per_arm)],
      ];
      abParts.push(ctx.table([[t('statistic'), (x) => x[0]], [t('value'), (x) => x[1]]], stats, 'ab-stats'));
      // Mean comparisons of the same groups' viewers: Welch's t-test and a seeded bootstrap.
      if ((c.means || []).length) {
        const ch = (k) => t('chart_' + k);
        const kind = (m) => (m.metric === 'watch_seconds' ? 'duration' : 'money');
        const iv = (m, lo, hi) => (lo == null ? '—' : `${fmt(kind(m), lo)} – ${fmt(kind(m), hi)}`);
        const signed = (m, v) => (v == null ? '—' : (v >= 0 ? '+' : '−') + fmt(kind(m), Math.abs(v)));
        abParts.push(h('h3', { text: ch('MeanComparisonsHeading') }));
        abParts.push(ctx.table([
          [t('metric'), (m) => ch(m.metric === 'watch_seconds' ? 'MetricWatchSeconds' : 'MetricGmvPerViewer')],
          [ch('MeanA'), (m) => `${fmt(kind(m), m.a.mean)} (n=${fmt('int', m.a.n)})`],
          [ch('MeanB'), (m) => `${fmt(kind(m), m.b.mean)} (n=${fmt('int', m.b.n)})`],
          [ch('WelchInterval'), (m) => `${signed(m, m.difference)} [${iv(m, m.ci_low, m.ci_high)}]`],
          [ch('BootstrapInterval'), (m) => iv(m, m.bootstrap_low, m.bootstrap_high)],
          [ch('WelchTest'), (m) => (m.t == null ? '—' : `${fmt('dec', m.t)} (${fmt('dec', m.df)}), ${fmt('dec3', m.p_value)}`)],
          [ch('Verdict'), (m) => ch({ b_better: 'VerdictBBetter', a_better: 'VerdictABetter', no_difference: 'VerdictNoDifference' }[m.verdict] || 'VerdictNotEnoughData')],
        ], c.means, 'ab-means'));
      }
      abParts.push(ctx.chart('comparison'));
    }
    parts.push(card(ctx, t('ab_test'), ...abParts));
    return parts;
  },
};
