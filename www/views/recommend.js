// Recommendations: model choice, the offline evaluation of every model (both splits), what to
// pitch to each viewer with reasons, likely buyers of each product, the next-live line-up and
// which host suits which segment.
import { MODEL_LABELS, MODELS } from '../i18n.js';
import { downloadCsv } from '../csv.js';
import { card, controls, field, select, missingNote, tiles, stamp, viewCss } from './ui.js';

const SHOWN_USERS = 8;
let search = '';
let product = null;

export const recommend = {
  id: 'recommend',
  label: ['Recommendations', '推荐'],
  render(ctx) {
    const { h, t, fmt, report: r, options: o } = ctx;
    const rec = r.recommendations;
    const ev = r.evaluation;
    const zh = ctx.lang === 'zh';
    const ml = (m) => t.pair(MODEL_LABELS, m);
    const recOpts = o.recommend || {};
    const parts = [viewCss(ctx), card(ctx, t('rec_model'), controls(ctx,
      field(ctx, t('model'), select(ctx, {
        testid: 'rec-model', value: recOpts.model || 'auto',
        options: [['auto', t('model_auto')], ...MODELS.map((m) => [m, ml(m)])],
        onchange: (v) => ctx.setOptions({ recommend: { ...recOpts, model: v === 'auto' ? null : v } }),
      }))),
    rec ? h('p', { class: 'muted', 'data-testid': 'rec-chosen', text: t('model_in_use', { model: ml(rec.model), by: t('chosen_by_' + rec.model_chosen_by) }) }) : null)];
    if (!rec) {
      parts.push(missingNote(ctx, 'recommendations'));
      return parts;
    }

    // Evaluation.
    if (ev) {
      const rows = [ev.time_split, ev.leave_one_out].flatMap((e) => e.rows.map((x) => ({ ...x, split: e.split, k: e.k, best: e.best_model === x.model })));
      const k = ev.time_split.k;
      parts.push(card(ctx, t('evaluation_title'),
        h('p', { class: 'small-note', text: t('evaluation_note', { k }) }),
        ctx.table([
          [t('split'), (x) => t('split_' + x.split)],
          [t('model'), (x) => (x.best ? '★ ' : '') + ml(x.model)],
          [`P@${k}`, (x) => x.precision, 'pct'],
          [`R@${k}`, (x) => x.recall, 'pct'],
          [`NDCG@${k}`, (x) => x.ndcg, 'dec3'],
          [`MAP@${k}`, (x) => x.map, 'dec3'],
          [t('hit_rate') + `@${k}`, (x) => x.hit_rate, 'pct'],
          [t('coverage'), (x) => x.coverage, 'pct'],
          [t('people'), (x) => x.users_evaluated, 'int'],
        ], rows, 'evaluation-table'),
        ctx.charts(['evaluation', 'evaluation_loo'])));
    }

    // Per viewer.
    const slot = h('div', { 'data-testid': 'viewer-recs' });
    const drawViewers = () => {
      const q = search.trim().toLowerCase();
      const hits = rec.per_user.filter((u) => !q || u.user_id.toLowerCase().includes(q));
      const exact = q && rec.per_user.some((u) => u.user_id.toLowerCase() === q);
      slot.replaceChildren(...[
        h('p', { class: 'small-note', text: t('viewers_listed', { shown: fmt('int', Math.min(SHOWN_USERS, hits.length)), n: fmt('int', hits.length), all: fmt('int', rec.per_user.length) }) }),
        h('div', { class: 'sub scroll' }, hits.slice(0, SHOWN_USERS).map((u) => h('div', { class: 'viewer card', 'data-user': u.user_id },
          h('b', { text: u.user_id }),
          h('ol', { class: 'recs' }, u.items.map((it) => h('li', {},
            h('span', { text: it.title ? `${it.title} (${it.item_id})` : it.item_id }),
            h('span', { class: 'muted', text: ' — ' + (zh ? it.reason_zh : it.reason_en) }))))))),
        q && !exact ? h('button', {
          class: 'ghost', 'data-testid': 'rec-for-user', text: t('compute_for', { id: search.trim() }),
          onclick: () => ctx.setOptions({ recommend: { ...recOpts, users: [search.trim()] } }),
        }) : null,
        rec.unknown_users.length ? h('p', { class: 'alert', text: t('unknown_users', { ids: rec.unknown_users.join(', ') }) }) : null,
      ].filter(Boolean));
    };
    drawViewers();
    parts.push(card(ctx, t('per_viewer'),
      controls(ctx,
        field(ctx, t('search_user'), h('input', {
          type: 'search', value: search, 'data-testid': 'user-search', placeholder: rec.per_user[0] ? rec.per_user[0].user_id : '',
          oninput: (e) => { search = e.target.value; drawViewers(); },
        })),
        h('button', {
          class: 'ghost', text: t('export_csv_all'), 'data-testid': 'export-recs',
          onclick: () => downloadCsv(`livelens-recommendations-${stamp()}.csv`, ['user_id', 'rank', 'item_id', 'title', 'score', 'reason'],
            rec.per_user.flatMap((u) => u.items.map((it, i) => [u.user_id, i + 1, it.item_id, it.title, it.score, zh ? it.reason_zh : it.reason_en]))),
        }),
        recOpts.users ? h('button', { class: 'ghost small', text: t('show_all_viewers'), onclick: () => ctx.setOptions({ recommend: { ...recOpts, users: null } }) }) : null),
      slot));

    // Per product.
    if (rec.per_item.length) {
      if (!rec.per_item.some((x) => x.item_id === product)) product = rec.per_item[0].item_id;
      const pslot = h('div', { 'data-testid': 'product-audience' });
      const drawProduct = () => {
        const it = rec.per_item.find((x) => x.item_id === product);
        pslot.replaceChildren(
          h('p', { class: 'muted', text: t('product_buyers', { n: fmt('int', it.buyers) }) }),
          h('div', { class: 'sub' },
            h('div', {}, h('h3', { text: t('likely_buyers') }), ctx.table([
              [t('user'), (x) => x.user_id], [t('probability'), (x) => x.p_buy, 'pct'],
            ], it.prospects, 'prospects')),
            h('div', {}, h('h3', { text: t('similar_products') }), ctx.table([
              [t('product'), (x) => (x.title ? `${x.title} (${x.item_id})` : x.item_id)], [t('similarity'), (x) => x.similarity, 'dec3'],
            ], it.similar_items, 'similar-items'))));
      };
      drawProduct();
      parts.push(card(ctx, t('per_product'), controls(ctx, field(ctx, t('product'), select(ctx, {
        testid: 'rec-product', value: product, options: rec.per_item.map((x) => [x.item_id, x.title ? `${x.title} (${x.item_id})` : x.item_id]),
        onchange: (v) => { product = v; drawProduct(); },
      }))), pslot));
    }

    // Line-up.
    const lu = rec.lineup;
    if (lu && lu.items.length) {
      parts.push(card(ctx, t('lineup_title'),
        h('p', { class: 'muted', text: t('lineup_audience', { n: fmt('int', lu.audience_size), sessions: lu.sessions.join(', ') || '—', fresh: fmt('int', lu.new_viewers) }) }),
        tiles(ctx, [[t('expected_gmv'), fmt('money', lu.expected_gmv_total), 'gmv'], [t('expected_buyers'), fmt('dec', lu.expected_buyers_total)]]),
        ctx.table([
          ['#', (x) => x.rank, 'int'],
          [t('product'), (x) => (x.title ? `${x.title} (${x.item_id})` : x.item_id)],
          [t('price'), (x) => x.price, 'money'],
          [t('expected_buyers'), (x) => x.expected_buyers, 'dec'],
          [t('expected_gmv'), (x) => x.expected_gmv, 'money'],
          [t('why'), (x) => (zh ? x.reasons_zh : x.reasons_en).join('；')],
        ], lu.items.map((x, i) => ({ ...x, rank: i + 1 })), 'lineup')));
    }

    // Hosts per segment.
    if (rec.hosts.length) {
      parts.push(card(ctx, t('hosts_per_segment'), ctx.table([
        [t('segment'), (x) => groupName(t, x)],
        [t('grouping'), (x) => t('grouping_' + (x.grouping || 'all'))],
        [t('people'), (x) => x.persons, 'int'],
        [t('best_hosts'), (x) => x.by_conversion.join(' > ')],
        [t('details'), (x) => x.hosts.map((m) => `${m.host}: ${fmt('pct', m.conversion_rate)} (${fmt('int', m.segment_buyers)}/${fmt('int', m.segment_viewers)})`).join(' · ')],
      ], rec.hosts, 'segment-hosts'),
      (rec.hosts_too_small || []).length ? h('p', { class: 'small-note', 'data-testid': 'hosts-too-small', text: t('hosts_too_small', {
        min: fmt('int', rec.params.min_segment_persons),
        list: rec.hosts_too_small.map((g) => `${groupName(t, g)} (${fmt('int', g.persons)})`).join(t('list_sep')),
      }) }) : null));
    }
    return parts;
  },
};

/** A host-matching segment's name in the page language: the core's own (everyone, RFM
 * segments, clusters) translated, segments given by the user as they are. */
function groupName(t, x) {
  return x.grouping === 'given' ? x.segment : t.group(x.segment);
}
