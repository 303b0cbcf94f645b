// Retention: cohorts by day or week, "on" / "on or after", start and return events; the cohort
// heatmap, LTV curves, lifecycle, repeat purchase rate and the cohort table.
import { EVENTS, card, controls, field, select, eventLabel, missingNote, tiles, viewCss, params } from './ui.js';

const MAX_COLS = 12;

export const retention = {
  id: 'retention',
  label: ['Retention', '留存'],
  render(ctx) {
    const { h, t, fmt, report: r, options: o } = ctx;
    const rt = r.retention;
    const p = params(ctx, 'retention', rt);
    if (rt) Object.assign(p, { period: rt.period, mode: rt.mode, start_event: rt.start_event, return_event: rt.return_event });
    const apply = (patch) => ctx.setOptions({ retention: { ...(o.retention || {}), ...p, ...patch } });
    const have = new Set((r.dataset.event_counts || []).map(([k]) => k));
    const evOpts = EVENTS.filter((k) => have.has(k) || k === p.start_event).map((k) => [k, eventLabel(ctx, k)]);
    const parts = [viewCss(ctx), card(ctx, t('retention_settings'), controls(ctx,
      field(ctx, t('period'), select(ctx, { testid: 'ret-period', value: p.period, options: [['day', t('period_day')], ['week', t('period_week')]], onchange: (v) => apply({ period: v }) })),
      field(ctx, t('ret_mode'), select(ctx, { testid: 'ret-mode', value: p.mode, options: [['on', t('ret_on')], ['on_or_after', t('ret_on_or_after')]], onchange: (v) => apply({ mode: v }) })),
      field(ctx, t('start_event'), select(ctx, { testid: 'ret-start', value: p.start_event, options: evOpts, onchange: (v) => apply({ start_event: v }) })),
      field(ctx, t('return_event'), select(ctx, {
        testid: 'ret-return', value: p.return_event || '', options: [['', t('any_event')], ...evOpts],
        onchange: (v) => apply({ return_event: v || null }),
      }))),
    h('p', { class: 'small-note', text: t('retention_note') }))];
    if (!rt) {
      parts.push(missingNote(ctx, 'retention'));
      return parts;
    }
    parts.push(card(ctx, t('repeat_purchase'), tiles(ctx, [
      [t('repeat_purchase_rate'), fmt('pct', rt.repeat_purchase_rate), 'repeat_purchase_rate'],
      [t('buyers'), fmt('int', rt.buyers)],
      [t('repeat_buyers'), fmt('int', rt.repeat_buyers)],
      [t('cohorts'), fmt('int', rt.cohorts.length)],
      [t('avg_retained_1', { unit: t(p.period === 'day' ? 'period_day' : 'period_week') }), fmt('pct', rt.average_rates[1])],
    ])));
    parts.push(ctx.charts(['retention', 'ltv', 'lifecycle']));
    const n = Math.min(MAX_COLS, Math.max(0, ...rt.cohorts.map((c) => c.rates.length)));
    const unit = t(p.period === 'day' ? 'period_day' : 'period_week');
    const cols = Array.from({ length: n }, (_, i) => i);
    parts.push(card(ctx, t('cohort_table'),
      ctx.table([
        [t('cohort'), (c) => c.cohort],
        [t('people'), (c) => c.size, 'int'],
        ...cols.map((i) => [`${unit} ${i}`, (c) => (c.rates ? c.rates[i] : null), 'pct']),
        [t('ltv_last'), (c) => {
          const l = (c.ltv || []).filter((v) => v != null);
          return l.length ? l[l.length - 1] : null;
        }, 'money'],
      ], [...rt.cohorts, { cohort: t('average'), size: rt.cohorts.reduce((s, c) => s + c.size, 0), rates: rt.average_rates, ltv: [] }], 'cohort-table'),
      n < Math.max(0, ...rt.cohorts.map((c) => c.rates.length)) ? h('p', { class: 'small-note', text: t('first_periods', { n }) }) : null));
    if (rt.lifecycle.length) {
      parts.push(card(ctx, t('lifecycle'), ctx.table([
        [t('period'), (x) => x.period],
        [t('lc_new'), (x) => x.new, 'int'],
        [t('lc_returning'), (x) => x.returning, 'int'],
        [t('lc_resurrecting'), (x) => x.resurrecting, 'int'],
        [t('lc_dormant'), (x) => x.dormant, 'int'],
      ], rt.lifecycle, 'lifecycle-table')));
    }
    return parts;
  },
};
