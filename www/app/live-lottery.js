// The lottery panel of live mode: who is eligible, the count, the commitment (short code and a
// line to read out or pin), the draw, the revealed seed and proof.json; and the verify box
// (paste or drop a proof → verified, or every reason why not). The rule, the list, the seed and
// the draw live in the worker (src/web/live.rs over src/lottery/); the seed never leaves it
// before the reveal.
import { h } from '../dom.js';
import { lt } from './live-text.js';

export function createLottery(app) {
  const { state } = app;
  const L = {
    within: '', keyword: '', followers: false, fanClub: false, excludePast: true, winners: 1,
    eligible: null, // the last count (EligibleList without ids)
    committed: null, // {proof, text}
    drawn: null, // proof with winners and seed
    revealed: false,
    pastWinners: [],
    error: null,
    verify: { text: '', result: null, error: null },
  };
  const el = h('section', { class: 'card live-lottery', 'data-testid': 'lottery' });

  function rule() {
    const mins = Number(L.within);
    return {
      within_seconds: L.within !== '' && mins > 0 ? Math.round(mins * 60) : null,
      keyword: L.keyword.trim() ? L.keyword.trim() : null,
      followers_only: L.followers,
      fan_club_only: L.fanClub,
      excluded: L.excludePast ? [...L.pastWinners] : [],
    };
  }

  async function act(fn) {
    L.error = null;
    try { await fn(); } catch (e) { L.error = e.message || String(e); }
    render();
  }

  const count = () => act(async () => { L.eligible = await app.engine.request('lotteryEligible', { rule: rule() }); });
  const commit = () => act(async () => {
    L.committed = await app.engine.request('lotteryCommit', { rule: rule(), winners: Math.max(1, Math.floor(Number(L.winners) || 1)) });
    L.eligible = L.committed.eligible;
    L.drawn = null;
    L.revealed = false;
  });
  const draw = () => act(async () => {
    L.drawn = await app.engine.request('lotteryDraw');
    for (const w of L.drawn.winners) if (!L.pastWinners.includes(w)) L.pastWinners.push(w);
  });
  const reveal = () => { L.revealed = true; render(); };
  const reset = () => { L.committed = null; L.drawn = null; L.revealed = false; L.eligible = null; L.error = null; render(); };

  function download() {
    const blob = new Blob([JSON.stringify(L.drawn, null, 2) + '\n'], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: 'proof.json' });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function verify() {
    L.verify.result = null;
    L.verify.error = null;
    try {
      L.verify.result = await app.engine.request('lotteryVerify', { text: L.verify.text, name: 'proof.json' });
    } catch (e) {
      L.verify.error = e.message || String(e);
    }
    render();
  }

  function ruleForm(t) {
    const frozen = !!L.committed;
    const num = (key, props) => h('input', {
      type: 'number', min: props.min, step: props.step || 1, value: L[key], disabled: frozen || null,
      'data-testid': props.testid, oninput: (e) => { L[key] = e.target.value; },
    });
    const box = (key, testid) => h('input', {
      type: 'checkbox', checked: L[key], disabled: frozen || null, 'data-testid': testid,
      onchange: (e) => { L[key] = e.target.checked; },
    });
    return h('div', { class: 'controls lottery-rule' },
      h('label', { class: 'field' }, h('span', { class: 'field-label', text: t('rule_within') }),
        h('span', {}, num('within', { min: 1, testid: 'lottery-within' }), ' ', h('span', { class: 'muted', text: t('rule_minutes') }))),
      h('label', { class: 'field' }, h('span', { class: 'field-label', text: t('rule_keyword') }),
        h('input', { type: 'search', value: L.keyword, disabled: frozen || null, 'data-testid': 'lottery-keyword', oninput: (e) => { L.keyword = e.target.value; } })),
      h('label', {}, box('followers', 'lottery-followers'), ' ' + t('rule_followers')),
      h('label', {}, box('fanClub', 'lottery-fan-club'), ' ' + t('rule_fan_club')),
      h('label', {}, h('input', { type: 'checkbox', checked: true, disabled: true }), ' ' + t('rule_one_entry')),
      h('label', {}, box('excludePast', 'lottery-exclude'), ' ' + t('rule_exclude', { n: L.pastWinners.length })),
      h('label', { class: 'field' }, h('span', { class: 'field-label', text: t('winners_n') }), num('winners', { min: 1, testid: 'lottery-winners' })));
  }

  function eligibleLine(t) {
    const e = L.eligible;
    if (!e) return null;
    return h('p', { 'data-testid': 'lottery-eligible' },
      h('b', { text: t('eligible_count', { n: app.fmt('int', e.count) }) }), ' ',
      h('span', { class: 'muted', text: t('eligible_of', { commenters: e.commenters, outside: e.outside_window, keyword: e.without_keyword, follower: e.not_follower, fan: e.not_fan_club, excluded: e.excluded }) }));
  }

  function commitment(t) {
    if (!L.committed) return null;
    const c = L.committed.proof.commitment;
    const line = t('commit_line', { code: c.short_code, n: L.committed.proof.eligible.length, k: L.committed.proof.winners_requested, hash: c.combined });
    return h('div', { class: 'lottery-commit', 'data-testid': 'lottery-commitment' },
      h('p', { class: 'muted', text: t('commit_read') }),
      h('p', { class: 'short-code', 'data-testid': 'lottery-code', text: c.short_code }),
      h('p', {}, h('code', { 'data-testid': 'lottery-line', text: line }), ' ',
        h('button', { class: 'ghost small', text: t('copy'), onclick: () => navigator.clipboard && navigator.clipboard.writeText(line).catch(() => {}) })));
  }

  function result(t) {
    if (!L.drawn) return null;
    return h('div', { class: 'lottery-result' },
      h('h3', { text: t('winners') }),
      h('ol', { 'data-testid': 'lottery-winners-list' }, L.drawn.winners.map((w) => h('li', { text: w }))),
      L.revealed
        ? h('div', { 'data-testid': 'lottery-revealed' },
          h('p', {}, t('seed') + ': ', h('code', { 'data-testid': 'lottery-seed', text: L.drawn.seed })),
          h('p', { class: 'muted', text: t('verify_cli') }),
          h('button', { class: 'primary', 'data-testid': 'lottery-download', text: t('download_proof'), onclick: download }), ' ',
          h('button', { class: 'ghost', 'data-testid': 'lottery-new', text: t('new_draw'), onclick: reset }))
        : h('button', { class: 'primary', 'data-testid': 'lottery-reveal', text: t('reveal'), onclick: reveal }));
  }

  function verifyBox(t) {
    const area = h('textarea', {
      rows: 5, class: 'proof-box', 'data-testid': 'verify-text', placeholder: t('verify_hint'),
      oninput: (e) => { L.verify.text = e.target.value; },
      ondragover: (e) => e.preventDefault(),
      ondrop: async (e) => {
        e.preventDefault();
        const f = e.dataTransfer && e.dataTransfer.files[0];
        if (!f) return;
        L.verify.text = await f.text();
        area.value = L.verify.text;
        verify();
      },
    });
    area.value = L.verify.text;
    const r = L.verify.result;
    let verdict = null;
    if (L.verify.error) verdict = h('p', { class: 'alert', 'data-testid': 'verify-result', text: L.verify.error });
    else if (r && r.valid) {
      verdict = h('div', { class: 'verdict', 'data-testid': 'verify-result', 'data-valid': 'true' },
        h('p', { text: '✓ ' + t('verified') }),
        h('p', { class: 'small-note', text: t('proof_summary', { session: r.session, n: r.eligible, code: r.short_code, winners: r.winners.join(', ') }) }));
    } else if (r) {
      verdict = h('div', { class: 'verdict flag', 'data-testid': 'verify-result', 'data-valid': 'false' },
        h('p', { text: '✗ ' + t('not_verified') }),
        h('ul', {}, r.problems.map((p) => h('li', { text: p }))));
    }
    return h('div', { class: 'lottery-verify' },
      h('h3', { text: t('verify') }), area,
      h('p', {}, h('button', { 'data-testid': 'verify-button', text: t('verify_button'), onclick: verify })), verdict);
  }

  function render() {
    const t = lt(state.lang);
    const step = !L.committed
      ? h('p', {},
        h('button', { 'data-testid': 'lottery-count', text: t('count'), onclick: count }), ' ',
        h('button', { class: 'primary', 'data-testid': 'lottery-commit', text: t('commit'), onclick: commit }))
      : !L.drawn
        ? h('p', {}, h('button', { class: 'primary', 'data-testid': 'lottery-draw', text: t('draw'), onclick: draw }), ' ',
          h('button', { class: 'ghost', text: t('new_draw'), onclick: reset }))
        : null;
    // replaceChildren() would insert `null` as the text "null": keep the nodes only.
    el.replaceChildren(...[
      h('h2', { text: t('lottery') }),
      h('p', { class: 'muted', text: t('lottery_intro') }),
      ruleForm(t), eligibleLine(t), step,
      L.error ? h('p', { class: 'alert', 'data-testid': 'lottery-error', text: L.error }) : null,
      commitment(t), result(t), verifyBox(t)].filter(Boolean));
    return el;
  }

  /** The session was restarted: a committed draw over the old rows cannot go on. */
  function sessionRestarted() {
    L.committed = null;
    L.drawn = null;
    L.revealed = false;
    L.eligible = null;
    render();
  }

  return { element: render, sessionRestarted };
}
