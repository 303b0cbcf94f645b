// Settings kept in the page's URL hash (`#view=funnel&lang=zh&tz=480&dup=0`), never data; only
// with the mount option `urlState`.

/** The settings in the current URL hash (null where absent or invalid). */
export function readUrlState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const tz = p.get('tz');
  return {
    view: /^[a-z_]+$/.test(p.get('view') || '') ? p.get('view') : null,
    lang: ['en', 'zh'].includes(p.get('lang')) ? p.get('lang') : null,
    tz: tz != null && /^-?\d{1,4}$/.test(tz) ? Number(tz) : null,
    dup: p.get('dup') === '0' ? false : p.get('dup') === '1' ? true : null,
  };
}

/**
 * `write()` puts the state's settings in the hash; `listen(onChange)` follows back/forward and
 * edited URLs (returns the function that stops listening).
 */
export function createUrlState(app) {
  const { opts, state } = app;
  function write() {
    if (!opts.urlState || app.destroyed) return;
    const p = new URLSearchParams();
    p.set('view', state.view);
    p.set('lang', state.lang);
    p.set('tz', String(state.settings.options.tz_offset_minutes));
    if (!state.settings.options.drop_duplicates) p.set('dup', '0');
    const next = '#' + p.toString();
    if (location.hash !== next) history.replaceState(history.state, '', next);
  }
  function listen(onChange) {
    const onHash = () => { if (opts.urlState) onChange(readUrlState()); };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }
  return { write, listen };
}
