// Go live: follow a growing export and show the live screen and the lottery. The view's state
// (the file followed, the timer, the worker's session) lives in app/live.js, so switching views
// or languages keeps following; this view only shows it. It is `standalone`: it needs no
// report, so it is offered before any data is loaded.
import { LIVE_TEXT } from '../app/live-text.js';
import { viewCss } from './ui.js';

export const live = {
  id: 'live',
  // From the core's label table (src/i18n/live.rs), installed when the worker starts.
  get label() { return [LIVE_TEXT.en.tab || 'live', LIVE_TEXT.zh.tab || LIVE_TEXT.en.tab || 'live']; },
  standalone: true,
  render(ctx) {
    const css = ctx.h('link', { rel: 'stylesheet', href: new URL('./live.css', import.meta.url).href });
    return [viewCss(ctx), css, ctx.live.element()];
  },
};
