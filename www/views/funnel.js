// Funnel: steps (2–10 canonical events), mode, conversion window, breakdown; the step table,
// time to convert, the breakdown and the funnel per session.
import { EVENTS, card, controls, field, select, eventLabel, missingNote, viewCss, params as sectionParams } from './ui.js';

const UNITS = [['seconds', 1], ['minutes', 60], ['hours', 3600], ['days', 86400]];

/** The window in the largest unit that divides it. */
function windowParts(seconds) {
  for (let i = UNITS.length - 1; i >= 0; i--) {
    if (seconds % UNITS[i][1] === 0) return [seconds / UNITS[i][1], UNITS[i][0]];
  }
  return [seconds, 'seconds'];
}

export const funnel = {
  id: 'funnel',
  label: ['Funnel', '漏斗'],
  render(ctx) {
    const { h, t, fmt, report: r, options: o } = ctx;
    const f = r.funnel;
    const params = sectionParams(ctx, 'funnel', f);
    if (f) {
      params.steps = f.steps.map((s) => s.event);
      params.mode = f.mode;
      params.window_seconds = f.window_seconds;
    }
    const apply = (patch) => ctx.setOptions({ funnel: { ...params, ...patch } });

    // Steps.
    const steps = params.steps || [];
    const stepEls = steps.map((ev, i) => h('span', { class: 'step', 'data-testid': 'funnel-step' },
      h('span', { class: 'n', text: `${i + 1}` }),
      select(ctx, {
        testid: `step-${i}`, value: ev, options: EVENTS.map((k) => [k, eventLabel(ctx, k)]),
        onchange: (v) => apply({ steps: steps.map((s, j) => (j === i ? v : s)) }),
      }),
      steps.length > 2 ? h('button', {
        class: 'ghost small', 'aria-label': t('remove_step'), title: t('remove_step'), text: '×',
        onclick: () => apply({ steps: steps.filter((_, j) => j !== i) }),
      }) : null));
    const withArrows = stepEls.flatMap((el, i) => (i ? [h('span', { class: 'arrow', text: '→' }), el] : [el]));
    const add = steps.length < 10 ? h('button', {
      class: 'ghost small', 'data-testid': 'add-step', text: '+ ' + t('add_step'),
      onclick: () => apply({ steps: [...steps, EVENTS.find((k) => !steps.includes(k)) || 'pay'] }),
    }) : null;

    const [wn, wu] = windowParts(params.window_seconds);
    const winNum = h('input', {
      type: 'number', min: 1, step: 1, value: wn, 'data-testid': 'window-value',
      onchange: (e) => {
        const n = Math.max(1, Math.round(Number(e.target.value) || 1));
        apply({ window_seconds: n * UNITS.find((u) => u[0] === wu)[1] });
      },
    });
    const winUnit = select(ctx, {
      testid: 'window-unit', value: wu, options: UNITS.map(([u]) => [u, t('unit_' + u)]),
      onchange: (u) => apply({ window_seconds: wn * UNITS.find((x) => x[0] === u)[1] }),
    });

    // Breakdown.
    const bdNow = o.funnel_by_segment ? 'seg:' + o.funnel_by_segment
      : typeof params.breakdown === 'object' && params.breakdown && params.breakdown.attribute ? 'attr:' + params.breakdown.attribute
        : (typeof params.breakdown === 'string' ? params.breakdown : 'none');
    const bdOptions = [['none', t('bd_none')], ['session', t('bd_session')], ['host', t('bd_host')],
      ...r.dataset.attributes.map((a) => ['attr:' + a, t('bd_attribute', { name: a })]),
      ['seg:rfm', t('bd_rfm')], ['seg:cluster', t('bd_cluster')]];
    const breakdown = select(ctx, {
      testid: 'breakdown', value: bdNow, options: bdOptions,
      onchange: (v) => {
        const seg = v.startsWith('seg:') ? v.slice(4) : null;
        const bd = v.startsWith('attr:') ? { attribute: v.slice(5) } : (seg ? 'none' : v);
        ctx.setOptions({ funnel: { ...params, breakdown: bd }, funnel_by_segment: seg });
      },
    });

    const parts = [viewCss(ctx),
      card(ctx, t('funnel_settings'),
        h('div', { class: 'steps', 'data-testid': 'steps' }, withArrows, add),
        controls(ctx,
          field(ctx, t('funnel_mode'), select(ctx, {
            testid: 'funnel-mode', value: params.mode,
            options: [['ordered', t('mode_ordered')], ['strict', t('mode_strict')], ['any_order', t('mode_any_order')]],
            onchange: (v) => apply({ mode: v }),
          })),
          field(ctx, t('funnel_window'), h('span', { class: 'steps' }, winNum, winUnit)),
          field(ctx, t('breakdown'), breakdown)),
        h('p', { class: 'small-note', text: t('funnel_note') }))];

    if (!f) {
      parts.push(missingNote(ctx, 'funnel'));
      return parts;
    }
    const seg = ctx.missing('funnel');
    if (seg && seg.code === 'missing_segments') parts.push(missingNote(ctx, 'funnel'));

    const last = f.steps[f.steps.length - 1];
    parts.push(card(ctx, t('funnel_steps'),
      h('p', { class: 'muted', 'data-testid': 'funnel-summary', text: t('funnel_summary', { start: fmt('int', f.steps[0].count), end: fmt('int', last.count), rate: fmt('pct', last.conversion_from_start) }) }),
      ctx.table([
        ['#', (s) => s.i],
        [t('step'), (s) => eventLabel(ctx, s.event)],
        [t('people'), (s) => s.count, 'int'],
        [t('conv_from_start'), (s) => s.conversion_from_start, 'pct'],
        [t('conv_from_prev'), (s) => (s.i > 1 ? s.conversion_from_previous : null), 'pct'],
        [t('drop_off'), (s) => (s.i > 1 ? s.drop_off : null), 'int'],
        [t('drop_off_rate'), (s) => (s.i > 1 ? s.drop_off_rate : null), 'pct'],
        [t('median_time_prev'), (s) => s.median_seconds_from_previous, 'duration'],
        [t('mean_time_prev'), (s) => s.mean_seconds_from_previous, 'duration'],
      ], f.steps.map((s, i) => ({ ...s, i: i + 1 })), 'funnel-table')));
    parts.push(ctx.charts(['funnel', 'time_to_convert', 'funnel_breakdown', 'funnel_trend']));

    if (f.breakdown.length) {
      parts.push(card(ctx, t('funnel_by_breakdown'), ctx.table([
        // The core's own names (segments, "(none)", "other") in the page language, as the
        // chart's legend; other values are data.
        [t('group'), (b) => (f.params.breakdown === 'segment' || b.value === '(none)' || b.value === 'other' ? t.group(b.value) : b.value)],
        ...f.steps.map((s, i) => [`${i + 1}. ${eventLabel(ctx, s.event)}`, (b) => b.steps[i] && b.steps[i].count, 'int']),
        [t('conv_from_start'), (b) => b.steps[b.steps.length - 1].conversion_from_start, 'pct'],
      ], f.breakdown, 'funnel-breakdown'),
      // RFM segments are made of buyers (metrics.md): said, so that a segment's full
      // conversion does not read as a finding.
      o.funnel_by_segment === 'rfm' ? h('p', { class: 'small-note', 'data-testid': 'funnel-rfm-note', text: t('funnel_rfm_note', { none: t.group('(none)') }) }) : null));
    }
    if (f.trend.length) {
      parts.push(card(ctx, t('funnel_trend'), h('div', { class: 'scroll' }, ctx.table([
        [t('session'), (p) => p.session_id],
        [t('people_step1'), (p) => p.start_count, 'int'],
        [t('completed'), (p) => p.completed, 'int'],
        [t('conversion'), (p) => p.conversion, 'pct'],
      ], f.trend, 'funnel-trend'))));
    }
    return parts;
  },
};
