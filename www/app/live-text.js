// Live mode's texts in the page language. They come from the core's label table (the `live`
// part of the wasm `labels(lang)`, src/i18n/live.rs), handed over with the worker's `init`
// answer; installLiveText() fills LIVE_TEXT in place. Data values never go through here.

export const LIVE_TEXT = { en: {}, zh: {} };

/** Fills LIVE_TEXT from the `{en, zh}` label tables of the worker's `init` answer. */
export function installLiveText(labels) {
  for (const lang of ['en', 'zh']) {
    const part = labels && labels[lang] && labels[lang].live;
    if (!Array.isArray(part)) continue;
    for (const { key, label } of part) LIVE_TEXT[lang][key] = label;
  }
}

/** `lt(lang)(key, vars)`: the text of `key` with `{name}` placeholders filled. */
export function lt(lang) {
  const s = LIVE_TEXT[lang === 'zh' ? 'zh' : 'en'];
  return (key, vars) => {
    let out = s[key] ?? LIVE_TEXT.en[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) out = out.replaceAll(`{${k}}`, String(v));
    return out;
  };
}
