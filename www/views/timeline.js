// Timeline of one live session: session picker, the per-minute chart with pitch bands and GMV
// spikes, and the tables of pitch windows and spikes.
import { card, controls, field, select, missingNote, tiles, hmm, viewCss } from './ui.js';

export const timeline = {
  id: 'timeline',
  label: ['Timeline', '时间线'],
  render(ctx) {
    const { h, t, fmt, report: r, options: o } = ctx;
    const tl = r.timeline;
    const day = (ms) => new Date(ms + r.dataset.tz_offset_minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
    const current = tl ? tl.session_id : o.timeline_session;
    const parts = [viewCss(ctx)];
    if (r.sessions.length) {
      parts.push(card(ctx, t('timeline_pick'), controls(ctx,
        field(ctx, t('session'), select(ctx, {
          testid: 'timeline-session', value: current,
          options: r.sessions.map((s) => [s.session_id, `${s.session_id} · ${day(s.start)}${s.host ? ' · ' + s.host : ''} · ${t('n_viewers', { n: fmt('int', s.viewers) })}`]),
          onchange: (v) => ctx.setOptions({ timeline_session: v }),
        })),
        field(ctx, t('bucket'), select(ctx, {
          testid: 'timeline-bucket', value: (tl && tl.bucket_seconds) || o.timeline_bucket_seconds || ctx.defaults.timeline_bucket_seconds,
          options: [[60, t('bucket_1')], [300, t('bucket_5')], [900, t('bucket_15')]],
          onchange: (v) => ctx.setOptions({ timeline_bucket_seconds: Number(v) }),
        })))));
    }
    if (!tl) {
      parts.push(missingNote(ctx, 'timeline'));
      return parts;
    }
    const per = tl.bucket_seconds / 60;
    const gmv = tl.minutes.reduce((s, m) => s + m.gmv, 0);
    const orders = tl.minutes.reduce((s, m) => s + m.orders, 0);
    const peak = tl.minutes.reduce((best, m) => (m.concurrent > best.concurrent ? m : best), { concurrent: 0, minute: 0 });
    parts.push(card(ctx, `${t('session')} ${tl.session_id}${tl.host ? ' · ' + tl.host : ''} · ${day(tl.start)}`,
      tiles(ctx, [
        [t('duration'), fmt('duration', (tl.end - tl.start) / 1000)],
        [t('peak_at', { at: hmm(peak.minute * per) }), fmt('int', peak.concurrent)],
        [t('gmv'), fmt('money', gmv), 'gmv'],
        [t('orders'), fmt('int', orders)],
        [t('pitches'), fmt('int', tl.pitches.length)],
        [t('spikes'), fmt('int', tl.spikes.length)],
      ])));
    parts.push(h('div', { class: 'wide' }, ctx.chart('timeline')));
    const pitchAt = (minute) => tl.pitches.filter((p) => minute >= p.start_minute && minute <= p.end_minute).map((p) => p.title || p.item_id).join(' / ');
    parts.push(h('div', { class: 'sub' },
      card(ctx, t('pitch_windows'), tl.pitches.length ? ctx.table([
        [t('product'), (p) => (p.title ? `${p.title} (${p.item_id})` : p.item_id)],
        [t('from_to'), (p) => `${hmm(p.start_minute * per)}–${hmm((p.end_minute + 1) * per)}`],
        [t('minutes'), (p) => (p.end_minute - p.start_minute + 1) * per, 'int'],
        [t('gmv'), (p) => p.gmv, 'money'],
        [t('orders'), (p) => p.orders, 'int'],
        [t('gmv_per_minute'), (p) => p.gmv / ((p.end_minute - p.start_minute + 1) * per), 'money'],
      ], tl.pitches, 'pitch-table') : h('p', { class: 'muted', text: t('no_pitches') })),
      card(ctx, t('spikes'),
        h('p', { class: 'small-note', text: t('spike_rule', { median: fmt('money', tl.gmv_median), mad: fmt('money', tl.gmv_mad) }) }),
        tl.spikes.length ? ctx.table([
          [t('time'), (m) => hmm(m.minute * per)],
          [t('gmv'), (m) => m.gmv, 'money'],
          [t('orders'), (m) => m.orders, 'int'],
          [t('concurrent'), (m) => m.concurrent, 'int'],
          [t('pitching'), (m) => pitchAt(m.minute) || '—'],
        ], tl.minutes.filter((m) => m.spike), 'spike-table') : h('p', { class: 'muted', text: t('no_spikes') }))));
    return parts;
  },
};
