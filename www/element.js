// <livelens-dashboard>: the widget as a custom element, so one module script tag embeds it.
//
//   <script type="module" src="/livelens/element.js"></script>
//   <livelens-dashboard lang="zh" theme="dark" views="overview,funnel" demo="on"></livelens-dashboard>
//
// Attributes: lang (en|zh), theme (auto|light|dark), views (comma-separated view ids), view
// (the first view), demo (on|off, default on), currency (ISO code, default CNY), wasm-url and
// worker-url (where those files are served when not next to this script), url-state (present:
// keep view and settings in the page's URL hash), persist (off: no "keep in this browser"
// option), max-input-bytes. Everything else goes through the handle's API: `el.livelens`.
// Events of the handle are re-dispatched on the element as `livelens-<event>` (bubbling,
// composed) with the payload in `detail`.
import { mount } from './livelens.js';

const ATTRS = ['lang', 'theme', 'views', 'view', 'demo', 'currency', 'wasm-url', 'worker-url', 'url-state', 'persist', 'max-input-bytes'];
const EVENTS = ['kpis', 'report', 'error', 'progress', 'lang', 'view', 'erased'];
const off = (v) => v != null && /^(off|false|0|no)$/i.test(v.trim());
const list = (v) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

export class LiveLensDashboard extends HTMLElement {
  static get observedAttributes() { return ATTRS; }

  /** The mounted widget's handle (see livelens.d.ts), or null while not connected. */
  get livelens() { return this._handle || null; }

  /** mount() options from the attributes. */
  options() {
    const a = (n) => this.getAttribute(n);
    return {
      lang: a('lang') || undefined,
      theme: a('theme') || 'auto',
      views: list(a('views')),
      view: a('view') || undefined,
      demo: !off(a('demo')),
      currency: a('currency') || undefined,
      wasmUrl: a('wasm-url') || undefined,
      workerUrl: a('worker-url') || undefined,
      urlState: this.hasAttribute('url-state') && !off(a('url-state')),
      persist: !off(a('persist')),
      maxInputBytes: a('max-input-bytes') ? Number(a('max-input-bytes')) : undefined,
    };
  }

  connectedCallback() {
    clearTimeout(this._unmount);
    if (this._handle) return;
    this._handle = mount(this, this.options());
    for (const ev of EVENTS) {
      this._handle.on(ev, (detail) => this.dispatchEvent(new CustomEvent(`livelens-${ev}`, { detail, bubbles: true, composed: true })));
    }
  }

  disconnectedCallback() {
    // Moving the element in the DOM disconnects and reconnects it: only a real removal unmounts.
    this._unmount = setTimeout(() => {
      if (!this.isConnected && this._handle) { this._handle.destroy(); this._handle = null; }
    }, 0);
  }

  attributeChangedCallback(name, old, value) {
    const hd = this._handle;
    if (!hd || old === value) return;
    const o = this.options();
    if (name === 'lang' && o.lang) hd.update({ lang: o.lang });
    else if (name === 'theme') hd.update({ theme: o.theme });
    else if (name === 'views') hd.update({ views: o.views || [] });
    else if (name === 'view' && o.view) hd.update({ view: o.view });
    else if (name === 'currency') hd.update({ currency: o.currency });
    else if (name === 'demo' && o.demo && !hd.state.source) hd.loadDemo();
  }
}

/**
 * Registers the element under `name` (default `livelens-dashboard`). When the name is already
 * taken by another script, nothing is overwritten: a warning says so and `false` is returned,
 * so the host can pick another name, e.g. `define('my-livelens')`.
 */
export function define(name = 'livelens-dashboard') {
  if (typeof customElements === 'undefined') return false;
  const existing = customElements.get(name);
  if (existing) {
    const ours = existing === LiveLensDashboard || existing.prototype instanceof LiveLensDashboard;
    if (!ours) console.warn(`LiveLens: <${name}> is already defined by another script; call define('another-name') from element.js`);
    return ours;
  }
  // A class can be registered once; other names get a subclass.
  try {
    customElements.define(name, LiveLensDashboard);
  } catch (_) {
    customElements.define(name, class extends LiveLensDashboard {});
  }
  return true;
}

define();
