// Bundles: association rules over baskets of paid products (thresholds and basket choice), the
// rules table, the support × confidence chart and bundle suggestions with their evidence.
import { downloadCsv } from '../csv.js';
import { card, controls, field, select, missingNote, tiles, stamp, viewCss, params } from './ui.js';

export const bundles = {
  id: 'bundles',
  label: ['Bundles', '组合购买'],
  render(ctx) {
    const { h, t, fmt, report: r } = ctx;
    const rs = r.rules;
    const p = params(ctx, 'rules', rs);
    if (rs) p.basket_by = rs.basket_by;
    const apply = (patch) => ctx.setOptions({ rules: { ...p, ...patch } });
    const num = (testid, value, min, max, step, key) => h('input', {
      type: 'number', min, max, step, value, 'data-testid': testid,
      onchange: (e) => {
        const v = Number(e.target.value);
        if (Number.isFinite(v) && v >= min && v <= max) apply({ [key]: v });
      },
    });
    const parts = [viewCss(ctx), card(ctx, t('rules_settings'), controls(ctx,
      field(ctx, t('basket_by'), select(ctx, {
        testid: 'basket-by', value: p.basket_by,
        options: [['person_session', t('basket_person_session')], ['order', t('basket_order')]],
        onchange: (v) => apply({ basket_by: v }),
      })),
      field(ctx, t('min_support'), num('min-support', p.min_support, 0.0001, 1, 0.001, 'min_support')),
      field(ctx, t('min_confidence'), num('min-confidence', p.min_confidence, 0, 1, 0.05, 'min_confidence')),
      field(ctx, t('max_rules'), num('max-rules', p.max_rules, 1, 5000, 50, 'max_rules'))),
    h('p', { class: 'small-note', text: t('rules_note') }))];
    if (!rs) {
      parts.push(missingNote(ctx, 'rules'));
      return parts;
    }
    parts.push(card(ctx, null, tiles(ctx, [
      [t('baskets'), fmt('int', rs.baskets)],
      [t('products_in_baskets'), fmt('int', rs.items)],
      [t('min_count'), fmt('int', rs.min_count)],
      [t('frequent_itemsets'), fmt('int', rs.frequent_itemsets)],
      [t('rules_found'), fmt('int', rs.rules.length), 'rules'],
    ])));
    const zh = ctx.lang === 'zh';
    const list = (xs) => xs.join(zh ? '、' : ', ');
    if (rs.bundles.length) {
      parts.push(card(ctx, t('bundle_suggestions'), h('ol', { class: 'recs', 'data-testid': 'bundles' }, rs.bundles.map((b) => h('li', {},
        h('b', { text: b.items.join(' + ') }),
        h('br'),
        h('span', {
          class: 'muted',
          text: zh
            ? `${fmt('int', b.count)} 个购物篮（${fmt('pct', b.support)}）同时包含 ${list(b.items)}；买了 ${list(b.antecedent)} 的人中有 ${fmt('pct', b.confidence)} 也买了 ${list(b.consequent)}，是平常的 ${fmt('dec', b.lift)} 倍。`
            : b.sentence,
        }))))));
    }
    parts.push(ctx.chart('rules'));
    const conv = (v) => (v == null ? '∞' : fmt('dec3', v));
    parts.push(card(ctx, t('rules_table'),
      controls(ctx, h('button', {
        class: 'ghost', text: t('export_csv_all'), 'data-testid': 'export-rules',
        onclick: () => downloadCsv(`livelens-rules-${stamp()}.csv`, ['antecedent', 'consequent', 'count', 'support', 'confidence', 'lift', 'leverage', 'conviction'],
          rs.rules.map((x) => [x.antecedent.join(' + '), x.consequent.join(' + '), x.count, x.support, x.confidence, x.lift, x.leverage, x.conviction ?? 'inf'])),
      })),
      rs.rules.length ? ctx.table([
        [t('rule'), (x) => `${x.antecedent.join(' + ')} → ${x.consequent.join(' + ')}`],
        [t('baskets'), (x) => x.count, 'int'],
        [t('support'), (x) => x.support, 'pct'],
        [t('confidence'), (x) => x.confidence, 'pct'],
        [t('lift'), (x) => x.lift, 'dec'],
        [t('leverage'), (x) => x.leverage, 'dec3'],
        [t('conviction'), (x) => conv(x.conviction)],
      ], rs.rules, 'rules-table') : h('p', { class: 'muted', 'data-testid': 'no-rules', text: t('no_rules') })));
    return parts;
  },
};
