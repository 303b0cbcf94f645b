// The static page: the widget, full-page, with the demo data loaded.
import { mount } from './livelens.js';

const params = new URLSearchParams(location.search);
const handle = mount(document.getElementById('app'), {
  demo: params.get('demo') !== 'off',
  lang: params.get('lang') || undefined,
  // The full page keeps its view and settings in the URL (#view=…&lang=…), so they bookmark.
  urlState: true,
  // ?workers=0 parses a large events file in the engine worker alone (parse-pool.js).
  parseWorkers: params.has('workers') ? Number(params.get('workers')) : undefined,
});
// For tests and the browser console.
window.livelens = handle;
