// Audience: RFM segments (as-of date, R×F grids, segment table), behavioural clusters (k, PCA,
// silhouette, profiles) and purchase prediction (quality, ROC, drivers, likely buyers,
// probability by attribute), with CSV exports of likely buyers and of segment membership.
import { KPI_LABELS, KPI_FORMAT, FEATURE_LABELS } from '../i18n.js';
import { downloadCsv } from '../csv.js';
import { card, controls, field, select, missingNote, tiles, dayOf, stamp, viewCss } from './ui.js';

let chosenAttribute = 0;

export const audience = {
  id: 'audience',
  label: ['Audience', '人群'],
  render(ctx) {
    const { h, t, fmt, report: r, options: o } = ctx;
    const seg = r.segments || {};
    const rfm = seg.rfm;
    const cl = seg.clusters;
    const pr = r.prediction;
    const zh = ctx.lang === 'zh';
    const parts = [viewCss(ctx)];

    // ---- RFM ----
    const asOf = h('input', {
      type: 'date', 'data-testid': 'rfm-asof', value: rfm ? rfm.as_of : '',
      onchange: (e) => { if (e.target.value) ctx.setOptions({ rfm: { ...(o.rfm || {}), as_of: dayOf(e.target.value) } }); },
    });
    const rfmParts = [controls(ctx,
      field(ctx, t('as_of'), asOf),
      o.rfm && o.rfm.as_of != null ? h('button', { class: 'ghost small', text: t('as_of_reset'), onclick: () => ctx.setOptions({ rfm: { ...o.rfm, as_of: null } }) }) : null),
    h('p', { class: 'small-note', text: t('rfm_note') })];
    if (!rfm) {
      rfmParts.push(missingNote(ctx, 'segments'));
    } else {
      rfmParts.push(ctx.charts(['rfm_grid', 'rfm_grid_revenue']));
      const total = rfm.segments.reduce((s, x) => s + x.size, 0);
      rfmParts.push(ctx.table([
        [t('segment'), (s) => (zh ? s.name_zh : s.name)],
        [t('people'), (s) => s.size, 'int'],
        [t('share_of_people'), (s) => (total ? s.size / total : null), 'pct'],
        [t('share_of_revenue'), (s) => s.share_of_revenue, 'pct'],
        [t('aov'), (s) => s.avg_order_value, 'money'],
        [t('suggested_action'), (s) => (zh ? s.action_zh : s.action_en)],
      ], rfm.segments, 'rfm-segments'));
      if (seg.kpis_by_rfm && seg.kpis_by_rfm.length) rfmParts.push(h('h4', { text: t('kpis_by_segment') }), kpiTable(ctx, seg.kpis_by_rfm, (g) => segmentName(rfm, g.group, zh, t), 'kpis-by-rfm'));
    }
    parts.push(card(ctx, t('rfm_title'), ...rfmParts));

    // ---- Clusters ----
    const kNow = o.cluster && o.cluster.k ? String(o.cluster.k) : 'auto';
    const clParts = [controls(ctx, field(ctx, t('clusters_k'), select(ctx, {
      testid: 'cluster-k', value: kNow,
      options: [['auto', t('k_auto')], ...[2, 3, 4, 5, 6, 7, 8].map((k) => [String(k), String(k)])],
      onchange: (v) => ctx.setOptions({ cluster: { ...(o.cluster || {}), k: v === 'auto' ? null : Number(v) } }),
    })))];
    if (!cl) {
      clParts.push(missingNote(ctx, 'segments.clusters'));
    } else {
      clParts.push(h('p', { class: 'muted', 'data-testid': 'cluster-summary', text: t('cluster_summary', { k: cl.k, s: fmt('dec3', cl.silhouette), n: fmt('int', cl.per_user.length) }) }));
      clParts.push(ctx.charts(['clusters_pca', 'silhouette_by_k']));
      clParts.push(h('div', { class: 'sub', 'data-testid': 'clusters' }, cl.clusters.map((c) => card(ctx,
        `${t('cluster')} ${c.cluster + 1} · ${fmt('int', c.size)} (${fmt('pct', c.share)})`,
        h('p', { text: zh ? c.description_zh : c.description_en }),
        ctx.table([
          [t('feature'), (f) => t.pair(FEATURE_LABELS, f.feature)],
          [t('cluster_mean'), (f) => f.mean, 'dec'],
          [t('overall_mean'), (f) => f.overall_mean, 'dec'],
          [t('z_score'), (f) => f.z, 'dec'],
        ], c.features, `cluster-${c.cluster + 1}-features`),
        c.top_categories.length ? h('p', {}, h('b', { text: t('top_categories') + ': ' }), c.top_categories.map(([cat, n]) => h('span', { class: 'tag', text: `${cat} · ${fmt('int', n)}` }))) : null,
        c.top_attributes.length ? h('p', {}, h('b', { text: t('top_attributes') + ': ' }),
          [...c.top_attributes].sort((a, b) => (b.share - b.overall_share) - (a.share - a.overall_share)).slice(0, 4)
            .map((a) => h('span', { class: 'tag', text: `${a.attribute}=${a.value} ${fmt('pct', a.share)} (${t('overall')} ${fmt('pct', a.overall_share)})` }))) : null))));
    }
    if (cl && seg.kpis_by_cluster && seg.kpis_by_cluster.length) clParts.push(h('h4', { text: t('kpis_by_cluster') }), kpiTable(ctx, seg.kpis_by_cluster, (g) => t.group(g.group), 'kpis-by-cluster'));
    parts.push(card(ctx, t('clusters_title'), ...clParts));

    // ---- Prediction ----
    const prParts = [];
    if (!pr) {
      prParts.push(missingNote(ctx, 'prediction'));
    } else {
      prParts.push(h('p', { class: 'muted', 'data-testid': 'predict-label', text: t('predict_label', { label: zh && pr.label_zh ? pr.label_zh : pr.label, cutoff: pr.cutoff, train: fmt('int', pr.n_train), test: fmt('int', pr.n_test), pos: fmt('int', pr.positives), all: fmt('int', pr.n_train + pr.n_test) }) }));
      // The threshold slider: confusion, precision, recall, F1 and the likely buyers follow it,
      // computed here from the test persons' scores the report carries (no re-analysis).
      const chosen = pr.threshold ? pr.threshold.threshold : 0.5;
      const live = h('div', { 'data-testid': 'predict-live' });
      const thrText = h('output', { 'data-testid': 'threshold-value' });
      const render = (thr) => {
        const m = thresholdMetrics(pr, thr);
        thrText.textContent = fmt('dec3', thr);
        live.replaceChildren(...predictLive(ctx, pr, m, thr));
      };
      const slider = h('input', {
        type: 'range', min: '0', max: '1', step: '0.01', value: String(chosen), 'data-testid': 'threshold-slider',
        'aria-label': t('threshold'), oninput: (e) => render(Number(e.target.value)),
      });
      prParts.push(controls(ctx, field(ctx, t('threshold'), h('span', {}, slider, ' ', thrText))),
        pr.threshold ? h('p', { class: 'small-note', 'data-testid': 'threshold-reason', text: t('threshold_reason', { thr: fmt('dec3', chosen), reason: zh && pr.threshold.reason_zh ? pr.threshold.reason_zh : pr.threshold.reason, ap: fmt('dec3', pr.average_precision) }) }) : null,
        live);
      render(chosen);
      prParts.push(ctx.charts(['roc', 'pr_curve', 'coefficients']));
      const byAttr = r.probability_by_attribute || [];
      if (byAttr.length) {
        if (chosenAttribute >= byAttr.length) chosenAttribute = 0;
        const slot = h('div', { 'data-testid': 'prob-attr-chart' }, ctx.chart('probability_by_attribute_' + chosenAttribute));
        prParts.push(controls(ctx, field(ctx, t('prob_by_attribute'), select(ctx, {
          testid: 'prob-attr', value: chosenAttribute, options: byAttr.map((a, i) => [i, a.attribute]),
          onchange: (v) => { chosenAttribute = Number(v); slot.replaceChildren(ctx.chart('probability_by_attribute_' + chosenAttribute)); if (ctx.redraw) ctx.redraw(); },
        }))), slot);
      }
    }
    parts.push(card(ctx, t('prediction_title'), ...prParts));

    // ---- Membership export ----
    if (rfm || cl || pr) {
      parts.push(card(ctx, t('membership_title'), h('p', { class: 'small-note', text: t('membership_note') }),
        h('button', { class: 'primary', 'data-testid': 'export-membership', text: t('export_membership'), onclick: () => exportMembership(r) })));
    }
    return parts;
  },
};

/** user, R, F, M, recency, frequency, monetary, segment, cluster, probability — one row per person. */
export function membershipRows(r) {
  const seg = r.segments || {};
  const rows = new Map();
  const row = (id) => {
    if (!rows.has(id)) rows.set(id, [id, null, null, null, null, null, null, '', null, null]);
    return rows.get(id);
  };
  for (const u of (seg.rfm && seg.rfm.per_user) || []) {
    const x = row(u.user_id);
    Object.assign(x, { 1: u.r, 2: u.f, 3: u.m, 4: u.recency_days, 5: u.frequency, 6: u.monetary, 7: u.segment });
  }
  for (const u of (seg.clusters && seg.clusters.per_user) || []) row(u.user_id)[8] = u.cluster + 1;
  for (const [id, p] of (r.prediction && r.prediction.per_user) || []) row(id)[9] = p;
  return [...rows.values()];
}

function exportMembership(r) {
  downloadCsv(`livelens-segments-${stamp()}.csv`,
    ['user_id', 'R', 'F', 'M', 'recency_days', 'frequency', 'monetary', 'segment', 'cluster', 'probability'],
    membershipRows(r));
}

/** The KPI table (every key of metrics.md) with one row per group of people. */
function kpiTable(ctx, groups, name, testid) {
  const { t } = ctx;
  return ctx.table([
    [t('segment'), name],
    ...Object.keys(KPI_LABELS).map((k) => [t.pair(KPI_LABELS, k), (g) => g[k], KPI_FORMAT[k]]),
  ], groups, testid);
}

/** A segment's name in the page language. */
function segmentName(rfm, name, zh, t) {
  if (!zh) return name;
  const s = rfm.segments.find((x) => x.name === name);
  return s ? s.name_zh : t.group(name);
}

/** Confusion and rates on the test persons at `thr` (p >= thr predicts a buyer). */
export function thresholdMetrics(pr, thr) {
  if (!pr.holdout || !pr.holdout.length) {
    return { confusion: pr.confusion, accuracy: pr.accuracy, precision: pr.precision, recall: pr.recall, f1: pr.f1 };
  }
  let tn = 0, fp = 0, fn = 0, tp = 0;
  for (const [p, y] of pr.holdout) {
    if (p >= thr) { if (y) tp++; else fp++; } else if (y) fn++; else tn++;
  }
  const ratio = (a, b) => (b > 0 ? a / b : null);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision == null || recall == null ? null : (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0);
  return { confusion: [[tn, fp], [fn, tp]], accuracy: ratio(tn + tp, tn + fp + fn + tp), precision, recall, f1 };
}

function predictLive(ctx, pr, m, thr) {
  const { h, t, fmt } = ctx;
  const [[tn, fp], [fn, tp]] = m.confusion;
  const buyers = pr.likely_buyers.filter((b) => b.probability >= thr);
  const out = [
    tiles(ctx, [
      [t('accuracy'), fmt('pct', m.accuracy), 'accuracy'],
      [t('precision'), fmt('pct', m.precision), 'precision'],
      [t('recall'), fmt('pct', m.recall), 'recall'],
      ['F1', fmt('dec3', m.f1), 'f1'],
      ['ROC AUC', fmt('dec3', pr.auc), 'auc'],
    ]),
    h('h3', { 'data-testid': 'confusion-title', text: t('confusion', { thr: fmt('dec3', thr) }) }), h('table', { class: 'confusion', 'data-testid': 'confusion' },
      h('thead', {}, h('tr', {}, h('th', { text: '' }), h('th', { text: t('pred_no') }), h('th', { text: t('pred_yes') }))),
      h('tbody', {},
        h('tr', {}, h('td', {}, h('b', { text: t('actual_no') })), h('td', { text: fmt('int', tn) }), h('td', { text: fmt('int', fp) })),
        h('tr', {}, h('td', {}, h('b', { text: t('actual_yes') })), h('td', { text: fmt('int', fn) }), h('td', { text: fmt('int', tp) })))),
  ];
    out.push(h('h3', { text: t('likely_buyers_title', { n: fmt('int', buyers.length) }) }),
        controls(ctx, h('button', {
          class: 'ghost', 'data-testid': 'export-likely', text: t('export_csv_all'),
          onclick: () => downloadCsv(`livelens-likely-buyers-${stamp()}.csv`, ['rank', 'user_id', 'probability'], buyers.map((b, i) => [i + 1, b.user_id, b.probability])),
        })),
        h('div', { class: 'scroll' }, ctx.table([
          ['#', (b) => b.rank, 'int'],
          [t('user'), (b) => b.user_id],
          [t('probability'), (b) => b.probability, 'pct'],
        ], buyers.slice(0, 100).map((b, i) => ({ ...b, rank: i + 1 })), 'likely-buyers')));
  return out;
}
