// Interactions: lucky bags / lotteries, polls, coupons and Q&A. Per tool the pooled effect on
// concurrent viewers (difference in differences against the other sessions at the same minutes)
// and participants' conversion against similar others present, with 95% intervals; every window;
// coupons' redemption, discount cost and cost per extra buyer. Texts: labels.rs `ChartText`.
import { card, missingNote, tiles, viewCss } from './ui.js';

/** `x [lo – hi]` with a formatter, or a dash. */
export function withInterval(fmt, kind, x, lo, hi) {
  if (x == null) return '—';
  const sign = kind === 'signed' ? (x >= 0 ? '+' : '') : '';
  const k = kind === 'signed' ? 'dec' : kind;
  const f = (v) => fmt(k, v);
  return lo == null || hi == null ? sign + f(x) : `${sign}${f(x)} [${f(lo)} – ${f(hi)}]`;
}

export const interactions = {
  id: 'interactions',
  label: ['Interactions', '互动'],
  render(ctx) {
    const { h, t, fmt, report: r } = ctx;
    const c = (k) => t('chart_' + k);
    const it = r.interactions;
    const parts = [viewCss(ctx)];
    if (!it) {
      parts.push(card(ctx, c('ViewInteractions'), missingNote(ctx, 'interactions')));
      return parts;
    }
    const tool = (k) => c({ lottery: 'ToolLottery', poll: 'ToolPoll', coupon: 'ToolCoupon', qa: 'ToolQa' }[k] || k);
    const verdict = (d) => (d ? c('Distinguishable') : c('NotDistinguishable'));
    const pctIv = (x, lo, hi) => withInterval(fmt, 'pct', x, lo, hi);
    const bag = it.tools.find((x) => x.tool === 'lottery');
    const coupons = it.coupons.length ? it.coupons[it.coupons.length - 1] : null;
    parts.push(card(ctx, c('ToolSummaryHeading'),
      tiles(ctx, [
        bag ? [`${tool('lottery')} · ${c('ConcurrencyEffect')}`, withInterval(fmt, 'signed', bag.concurrency_effect, bag.concurrency_low, bag.concurrency_high), 'bag_effect'] : null,
        bag ? [`${tool('lottery')} · ${c('ParticipantRate')}`, fmt('pct', bag.conversion.participant_rate), 'bag_participants'] : null,
        coupons ? [c('RedemptionRate'), fmt('pct', coupons.redemption_rate), 'coupon_redemption'] : null,
        coupons ? [c('CostPerExtraBuyer'), fmt('money', coupons.cost_per_extra_buyer), 'coupon_cost'] : null,
      ]),
      ctx.table([
        [c('Tool'), (x) => tool(x.tool)],
        [c('Windows'), (x) => x.windows, 'int'],
        [c('ConcurrencyEffect'), (x) => withInterval(fmt, 'signed', x.concurrency_effect, x.concurrency_low, x.concurrency_high)],
        ['', (x) => (x.concurrency_effect == null ? '' : verdict(x.concurrency_distinguishable))],
        [c('Participants'), (x) => x.conversion.participants, 'int'],
        [c('ParticipantRate'), (x) => pctIv(x.conversion.participant_rate, x.conversion.participant_low, x.conversion.participant_high)],
        [c('OtherRate'), (x) => pctIv(x.conversion.other_rate, x.conversion.other_low, x.conversion.other_high)],
        [c('MatchedEffect'), (x) => withInterval(fmt, 'pct', x.conversion.conversion_effect, x.conversion.conversion_low, x.conversion.conversion_high)],
        [c('MatchedGmvEffect'), (x) => withInterval(fmt, 'money', x.conversion.gmv_effect, x.conversion.gmv_low, x.conversion.gmv_high)],
      ], it.tools, 'interaction-tools'),
      h('p', { class: 'small-note', text: c('MatchingNote') })));
    parts.push(ctx.charts(['interaction_effects', 'interaction_conversion', ...it.tools.filter((x) => x.tool !== 'qa').map((x) => 'interaction_profile_' + x.tool)]));
    if (it.coupons.length) {
      parts.push(card(ctx, c('CouponsHeading'), ctx.table([
        [c('ToolCoupon'), (x) => x.coupon || c('AllCoupons')],
        [c('Sessions'), (x) => (x.sessions.length > 3 ? `${x.sessions.length}` : x.sessions.join(', '))],
        [c('Claims'), (x) => x.claims, 'int'],
        [c('Claimers'), (x) => x.claimers, 'int'],
        [c('ClaimRate'), (x) => x.claim_rate, 'pct'],
        [c('Uses'), (x) => x.uses, 'int'],
        [c('RedemptionRate'), (x) => pctIv(x.redemption_rate, x.redemption_low, x.redemption_high)],
        [c('DiscountCost'), (x) => x.discount_cost, 'money'],
        [c('ExtraBuyers'), (x) => withInterval(fmt, 'dec', x.extra_buyers, x.extra_buyers_low, x.extra_buyers_high)],
        [c('IncrementalGmv'), (x) => withInterval(fmt, 'money', x.incremental_gmv, x.incremental_gmv_low, x.incremental_gmv_high)],
        [c('CostPerExtraBuyer'), (x) => x.cost_per_extra_buyer, 'money'],
      ], it.coupons.length > 1 ? [it.coupons[it.coupons.length - 1], ...it.coupons.slice(0, -1)] : it.coupons, 'coupon-table')));
    }
    parts.push(card(ctx, c('ToolWindowsHeading'), ctx.table([
      [c('Tool'), (x) => tool(x.tool) + (x.label ? ` · ${x.label}` : '')],
      [t('session'), (x) => x.session],
      [t('start'), (x) => x.start.slice(5, 16)],
      [c('Present'), (x) => x.present, 'int'],
      [c('ConcurrencyChange'), (x) => (x.concurrency.before == null ? fmt('dec', x.concurrency.during) : `${fmt('dec', x.concurrency.before)} → ${fmt('dec', x.concurrency.during)}`)],
      [c('ConcurrencyEffect'), (x) => withInterval(fmt, 'signed', x.concurrency.effect, x.concurrency.effect_low, x.concurrency.effect_high)],
      [c('EnteringEffect'), (x) => withInterval(fmt, 'signed', x.entering_per_minute.effect, x.entering_per_minute.effect_low, x.entering_per_minute.effect_high)],
      [c('FollowsEffect'), (x) => withInterval(fmt, 'signed', x.follows_per_minute.effect, x.follows_per_minute.effect_low, x.follows_per_minute.effect_high)],
      [c('Participants'), (x) => x.conversion.participants, 'int'],
      [c('ParticipantRate'), (x) => x.conversion.participant_rate, 'pct'],
      [c('OtherRate'), (x) => x.conversion.other_rate, 'pct'],
    ], it.windows, 'interaction-windows')));
    return parts;
  },
};
