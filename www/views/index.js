// The analysis views, in navigation order. Each view is `{ id, label: [en, zh], render(ctx) }`
// where `render` returns DOM nodes built from `ctx` (see `viewContext` in livelens.js):
// ctx.h, ctx.t, ctx.fmt, ctx.lang, ctx.report, ctx.options, ctx.charts(ids), ctx.chart(id),
// ctx.table(columns, rows, testid), ctx.setOptions(patch), ctx.missing(section).
import { overview } from './overview.js';

export const VIEWS = [overview];
