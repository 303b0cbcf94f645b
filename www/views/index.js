// The analysis views, in navigation order. Each view is `{ id, label: [en, zh], render(ctx) }`
// where `render` returns DOM nodes built from `ctx` (see `viewContext` in livelens.js):
// ctx.h, ctx.t, ctx.fmt, ctx.lang, ctx.report, ctx.options (the options given), ctx.defaults (the
// wasm's `defaultOptions()`; use ui.js `params()` to show what a section used), ctx.charts(ids),
// ctx.chart(id), ctx.table(columns, rows, testid), ctx.setOptions(patch), ctx.missing(section),
// ctx.redraw(), ctx.live (live mode's controller, app/live.js). The context is built by
// app/views-host.js. A `standalone` view needs no report (shown before any data is loaded).
import { overview } from './overview.js';
import { funnel } from './funnel.js';
import { timeline } from './timeline.js';
import { retention } from './retention.js';
import { compare } from './compare.js';
import { audience } from './audience.js';
import { recommend } from './recommend.js';
import { bundles } from './bundles.js';
import { comments } from './comments.js';
import { interactions } from './interactions.js';
import { traffic } from './traffic.js';
import { review } from './review.js';
import { live } from './live.js';

export const VIEWS = [overview, funnel, timeline, retention, compare, audience, recommend, bundles, comments, interactions, traffic, review, live];
