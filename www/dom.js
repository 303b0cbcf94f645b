// DOM and formatting helpers shared by the widget and its views. `h()` only ever creates text
// nodes from strings: data values are never parsed as HTML.

/** Creates an element; strings and numbers become text nodes, never markup. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/**
 * Number formatting per locale. Kinds: int, dec, pct, ratio (×), money (currency), duration
 * (seconds). `null`, NaN and infinities show as an em dash.
 */
export function makeFmt(lang, currency = 'CNY') {
  const loc = lang === 'zh' ? 'zh-CN' : 'en-US';
  const cache = {};
  const nf = (key, o) => (cache[key] ||= new Intl.NumberFormat(loc, o));
  return (kind, v) => {
    if (v == null || (typeof v === 'number' && !isFinite(v))) return '—';
    switch (kind) {
      case 'int': return nf('i', { maximumFractionDigits: 0 }).format(v);
      case 'dec': return nf('d', { maximumFractionDigits: 2 }).format(v);
      case 'dec3': return nf('d3', { maximumFractionDigits: 3 }).format(v);
      case 'pct': return nf('p', { style: 'percent', maximumFractionDigits: 1 }).format(v);
      case 'ratio': return nf('r', { maximumFractionDigits: 2 }).format(v) + '×';
      case 'money': return nf('m', { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 2 }).format(v);
      case 'duration': {
        const s = Math.round(v);
        const hr = Math.floor(s / 3600);
        const m = Math.floor((s % 3600) / 60);
        if (hr > 0) return lang === 'zh' ? `${hr}小时${m}分` : `${hr}h ${m}m`;
        return lang === 'zh' ? `${m}分${s % 60}秒` : `${m}m ${s % 60}s`;
      }
      default: return String(v);
    }
  };
}
