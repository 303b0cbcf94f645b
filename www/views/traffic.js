// Traffic & time slots: per traffic source the viewers, conversion (95% interval), GMV, GPM and
// UV value, paid traffic's ROI; the weekday × hour heatmap of the sessions' start with each
// slot's conversion and GMV per viewer, and the best slot only when the rule names one.
import { card, missingNote, tiles, viewCss } from './ui.js';
import { withInterval } from './interactions.js';

export const traffic = {
  id: 'traffic',
  label: ['Traffic & time slots', '流量与时段'],
  render(ctx) {
    const { h, t, fmt, report: r } = ctx;
    const c = (k) => t('chart_' + k);
    const src = (k) => c({ feed: 'SourceFeed', follow: 'SourceFollow', search: 'SourceSearch', paid: 'SourcePaid', share: 'SourceShare', profile: 'SourceProfile', nearby: 'SourceNearby', other: 'SourceOther', unknown: 'SourceUnknown' }[k] || k);
    const pctIv = (x, lo, hi) => withInterval(fmt, 'pct', x, lo, hi);
    const parts = [viewCss(ctx)];
    const tr = r.traffic;
    if (!tr) {
      parts.push(card(ctx, c('TrafficHeading'), missingNote(ctx, 'interactions.traffic')));
    } else {
      const paid = tr.sources.find((s) => s.source === 'paid');
      const best = [...tr.sources].sort((a, b) => (b.conversion_rate ?? -1) - (a.conversion_rate ?? -1))[0];
      parts.push(card(ctx, c('TrafficHeading'),
        tiles(ctx, [
          [c('Viewers'), fmt('int', tr.viewers), 'traffic_viewers'],
          best ? [`${c('ConversionPercent').replace(/\s*[（(].*$/, '')} · ${src(best.source)}`, fmt('pct', best.conversion_rate), 'traffic_best'] : null,
          paid && paid.roi != null ? [c('RoiOfSpend'), fmt('ratio', paid.roi), 'paid_roi'] : null,
        ]),
        ctx.table([
          [c('Source'), (s) => src(s.source)],
          [c('Viewers'), (s) => s.viewers, 'int'],
          [c('ShareOfViewers'), (s) => s.share_of_viewers, 'pct'],
          [c('AvgWatch'), (s) => s.avg_watch_seconds, 'duration'],
          [c('Buyers'), (s) => s.buyers, 'int'],
          [c('ConversionPercent'), (s) => pctIv(s.conversion_rate, s.conversion_low, s.conversion_high)],
          [c('Gmv'), (s) => s.gmv, 'money'],
          [c('Gpm'), (s) => s.gpm, 'money'],
          [c('UvValue'), (s) => s.uv_value, 'money'],
          [c('RoiOfSpend'), (s) => (s.roi == null ? '' : fmt('ratio', s.roi))],
        ], tr.sources, 'traffic-table'),
        h('p', { class: 'small-note', text: c('TrafficNote') })));
      parts.push(ctx.charts(['traffic_sources', 'traffic_conversion', 'traffic_gpm']));
    }
    const ts = r.time_slots;
    if (!ts) {
      parts.push(card(ctx, c('TimeSlotsHeading'), missingNote(ctx, 'interactions.time_slots')));
      return parts;
    }
    const zh = ctx.lang === 'zh';
    const name = (s) => {
      const d = zh ? ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      return zh ? `${d[s.weekday]} ${s.hour}点` : `${d[s.weekday]} ${String(s.hour).padStart(2, '0')}:00`;
    };
    const best = ts.best != null ? ts.slots[ts.best] : null;
    parts.push(card(ctx, c('TimeSlotsHeading'),
      h('p', { class: 'verdict', 'data-testid': 'best-slot', text: `${best ? c('BestSlot') + (zh ? '：' : ': ') + name(best) : c('NoBestSlot')}${zh ? '。' : '. '}${zh ? ts.best_rule_zh : ts.best_rule_en}` }),
      ctx.table([
        [c('Slot'), (s) => name(s) + (best === s ? ' ★' : '')],
        [c('Sessions'), (s) => s.sessions.length, 'int'],
        [c('MeanViewers'), (s) => s.mean_viewers, 'dec'],
        [c('Buyers'), (s) => s.buyers, 'int'],
        [c('ConversionPercent'), (s) => pctIv(s.conversion, s.conversion_low, s.conversion_high)],
        [c('GmvPerViewer'), (s) => withInterval(fmt, 'money', s.gmv_per_viewer, s.gmv_per_viewer_low, s.gmv_per_viewer_high)],
      ], ts.slots, 'slot-table'),
      h('p', { class: 'small-note', text: c('SlotUnitNote') })));
    parts.push(ctx.charts(['time_slots', 'time_slot_conversion']));
    return parts;
  },
};
