// Comments: what the room said. Intents over time, the questions (answered or not within
// 5 minutes), objections by theme, the phrases of the room as a ranked bar list, and intents per
// session and per product pitch. Comments are user text: every string goes through h()'s text
// nodes, never markup.
import { COMMENT_LABELS } from '../i18n.js';
import { card, missingNote, tiles, viewCss } from './ui.js';

const INTENTS = ['question', 'purchase', 'objection', 'praise', 'complaint', 'greeting', 'other'];

const STR = {
  en: {
    comments_total: 'Comments', with_text: 'With text', classified: 'Classified', asked: 'Questions asked',
    unanswered_q: 'Not answered in 5 min', objections_n: 'Objections', positive: 'Positive', negative: 'Negative',
    questions_title: 'Questions', unanswered_title: 'Asked and never answered (most asked first)',
    all_questions: 'Most asked questions', question: 'Question', times_asked: 'Times asked', answered: 'Answered',
    unanswered: 'Not answered', status: 'Status', status_answered: 'answered', status_open: 'not answered',
    answered_rule: 'A question counts as answered when an answer row, or a comment of the host\'s account, follows within 5 minutes in the same session. Near-duplicates are grouped; the wording shown is the most frequent one.',
    objections_title: 'Objections by theme', theme: 'Theme', count: 'Comments', share: 'Share', most_said: 'Most said',
    phrases_title: 'Phrases of the room', phrases_note: 'Found without a dictionary: character sequences that stick together and appear in varied contexts, so slang and product names surface.',
    phrase: 'Phrase', occurrences: 'Occurrences', score: 'Score',
    by_session: 'Intents per session', by_pitch: 'Intents per product pitch', session: 'Session', product: 'Product',
    from_to: 'From – to', intents_total: 'Intents', no_questions: 'No questions in the comments.',
    no_unanswered: 'Every question group got at least one answer.', no_phrases: 'No phrase repeats often enough yet.',
    no_objections: 'No objections in the comments.', no_pitches: 'No product pitch was found.',
    intent: 'Intent', sentiment: 'Sentiment', text_note: '{n} of {total} comments had text; only those are classified.',
  },
  zh: {
    comments_total: '评论数', with_text: '有内容', classified: '已分类', asked: '提问次数',
    unanswered_q: '5 分钟内未回答', objections_n: '异议', positive: '正面', negative: '负面',
    questions_title: '观众提问', unanswered_title: '问了但从未回答的问题（按提问次数）',
    all_questions: '提问最多的问题', question: '问题', times_asked: '提问次数', answered: '已回答',
    unanswered: '未回答', status: '状态', status_answered: '已回答', status_open: '未回答',
    answered_rule: '同一场次中，提问后 5 分钟内出现回答记录或主播账号的评论，即算已回答。相近的问题合并为一组，显示最常见的说法。',
    objections_title: '按主题的异议', theme: '主题', count: '评论数', share: '占比', most_said: '最常见说法',
    phrases_title: '直播间高频短语', phrases_note: '无需词典自动发现：内部结合紧密、前后搭配多样的字串，因此网络用语和商品名也能浮现。',
    phrase: '短语', occurrences: '出现次数', score: '得分',
    by_session: '各场次评论意图', by_pitch: '各商品讲解时段的评论意图', session: '场次', product: '商品',
    from_to: '起止', intents_total: '意图', no_questions: '评论中没有提问。',
    no_unanswered: '每组问题都至少得到了一次回答。', no_phrases: '暂时没有足够高频的短语。',
    no_objections: '评论中没有异议。', no_pitches: '未发现商品讲解时段。',
    intent: '意图', sentiment: '情感', text_note: '{total} 条评论中有 {n} 条带内容；只有这些参与分类。',
  },
};

export const comments = {
  id: 'comments',
  label: ['Comments', '评论'],
  render(ctx) {
    const { h, fmt, report: r } = ctx;
    const s = (k, vars) => {
      let out = (STR[ctx.lang] || STR.en)[k] ?? STR.en[k] ?? k;
      for (const [n, v] of Object.entries(vars || {})) out = out.replace(`{${n}}`, v);
      return out;
    };
    const label = (key) => ctx.t.pair(COMMENT_LABELS, key);
    const c = r.comments;
    const parts = [viewCss(ctx), h('link', { rel: 'stylesheet', href: new URL('./comments.css', import.meta.url).href })];
    if (!c) {
      parts.push(missingNote(ctx, 'comments'));
      return parts;
    }
    const tz = r.dataset.tz_offset_minutes * 60_000;
    const clock = (ms) => new Date(ms + tz).toISOString().slice(11, 16);
    const day = (ms) => new Date(ms + tz).toISOString().slice(0, 16).replace('T', ' ');
    const q = c.questions;
    parts.push(card(ctx, null, tiles(ctx, [
      [s('comments_total'), fmt('int', c.comments), 'comments'],
      [s('classified'), fmt('int', c.classified), 'classified'],
      [s('asked'), fmt('int', q.asked), 'asked'],
      [s('unanswered_q'), `${fmt('int', q.unanswered)} (${fmt('pct', q.asked ? q.unanswered / q.asked : null)})`, 'unanswered'],
      [s('objections_n'), fmt('int', c.intents.objection), 'objections'],
      [s('positive'), fmt('pct', c.classified ? c.sentiment.positive / c.classified : null)],
      [s('negative'), fmt('pct', c.classified ? c.sentiment.negative / c.classified : null)],
    ]), h('p', { class: 'small-note', 'data-testid': 'text-note', text: s('text_note', { n: fmt('int', c.comments_with_text), total: fmt('int', c.comments) }) })));

    if (c.over_time) parts.push(h('div', { class: 'wide' }, ctx.chart('comment_intents')));

    // Questions: the unanswered first (what the creator never answered), then all.
    const qRow = [
      [s('question'), (g) => g.text],
      [s('times_asked'), (g) => g.count, 'int'],
      [s('answered'), (g) => g.answered, 'int'],
      [s('unanswered'), (g) => g.unanswered, 'int'],
      [s('status'), (g) => (g.answered > 0 ? s('status_answered') : s('status_open'))],
      [ctx.t('time'), (g) => day(g.first_time)],
    ];
    parts.push(card(ctx, s('questions_title'),
      h('p', { class: 'small-note', text: s('answered_rule') }),
      h('h3', { text: s('unanswered_title') }),
      q.top_unanswered.length ? ctx.table(qRow, q.top_unanswered, 'questions-unanswered')
        : h('p', { class: 'muted', text: q.asked ? s('no_unanswered') : s('no_questions') }),
      h('h3', { text: s('all_questions') }),
      q.top.length ? ctx.table(qRow, q.top, 'questions-table') : h('p', { class: 'muted', text: s('no_questions') })));

    // Objections by theme: chart, and a table with the most said wordings.
    parts.push(h('div', { class: 'sub' },
      ctx.chart('comment_objections'),
      card(ctx, s('objections_title'), c.objections.length ? ctx.table([
        [s('theme'), (o) => label('theme_' + o.theme)],
        [s('count'), (o) => o.count, 'int'],
        [s('share'), (o) => o.share, 'pct'],
        [s('most_said'), (o) => o.examples.map(([t, n]) => `${t} (${n})`).join(' / ')],
      ], c.objections, 'objections-table') : h('p', { class: 'muted', text: s('no_objections') }))));

    // Phrases: a ranked bar list (text only), then the chart with its table and PNG.
    const maxCount = Math.max(1, ...c.phrases.map((p) => p.count));
    parts.push(card(ctx, s('phrases_title'),
      h('p', { class: 'small-note', text: s('phrases_note') }),
      c.phrases.length ? h('ol', { class: 'ranked-bars', 'data-testid': 'phrases' }, c.phrases.slice(0, 30).map((p) => {
        // Width through the CSSOM (the page's CSP allows no inline style attributes).
        const bar = h('span', { class: 'rb-bar' });
        bar.style.width = `${Math.max(2, Math.round(100 * p.count / maxCount))}%`;
        return h('li', {},
          h('span', { class: 'rb-text', text: p.text }),
          h('span', { class: 'rb-track' }, bar),
          h('span', { class: 'rb-value', text: fmt('int', p.count) }));
      }))
        : h('p', { class: 'muted', text: s('no_phrases') })));
    parts.push(ctx.chart('comment_phrases'));

    // Intents per session and per pitch window.
    const intentCols = INTENTS.map((k) => [label(k), (x) => x.intents[k], 'int']);
    if (c.by_session.length) {
      parts.push(card(ctx, s('by_session'), ctx.table([
        [s('session'), (x) => (x.title ? `${x.session_id} · ${x.title}` : x.session_id)],
        [s('comments_total'), (x) => x.comments, 'int'],
        ...intentCols,
        [s('unanswered'), (x) => x.unanswered, 'int'],
      ], c.by_session, 'comments-by-session')));
    }
    parts.push(card(ctx, s('by_pitch'), c.by_pitch.length ? ctx.table([
      [s('session'), (x) => x.session_id],
      [s('product'), (x) => x.title],
      [s('from_to'), (x) => `${day(x.start)}–${clock(x.end)}`],
      [s('comments_total'), (x) => x.comments, 'int'],
      ...intentCols,
    ], c.by_pitch, 'comments-by-pitch') : h('p', { class: 'muted', text: s('no_pitches') })));
    return parts;
  },
};
