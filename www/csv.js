// CSV export in the browser. Cells that a spreadsheet would read as a formula (starting with
// =, +, -, @, or a tab / carriage return) are neutralised with a leading apostrophe, as OWASP
// recommends against CSV injection. Numbers are written as numbers.

/** One cell as CSV text. */
export function csvCell(v) {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A table (header row + rows of cells) as CSV text with a UTF-8 BOM (Excel reads Chinese). */
export function toCsv(header, rows) {
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Offers a CSV file for download (no network: a blob URL). */
export function downloadCsv(filename, header, rows) {
  const url = URL.createObjectURL(new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
