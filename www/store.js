// Opt-in storage of the user's own files in this browser (IndexedDB), so they can reopen
// them later without choosing them again. Nothing is stored unless the user ticks "keep";
// `erase()` deletes the whole database. The data never leaves the device.

const DB = 'livelens';
const STORE = 'datasets';
const KEY = 'current';

function openDb() {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') { reject(new Error('IndexedDB is not available')); return; }
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(req && req.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/** Keeps these files ({file: File, kind}) and the ingestion settings. */
export function save(files, settings) {
  const record = {
    savedAt: Date.now(),
    files: files.map((f) => ({ name: f.file.name, kind: f.kind || '', blob: f.file })),
    settings: JSON.parse(JSON.stringify(settings)),
  };
  return tx('readwrite', (s) => s.put(record, KEY));
}

/** The kept record `{savedAt, files: [{name, kind, blob}], settings}` or null. */
export async function load() {
  try {
    // Opening would create an empty database: only look when one exists.
    if (typeof indexedDB === 'undefined') return null;
    if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DB)) return null;
    return (await tx('readonly', (s) => s.get(KEY))) || null;
  } catch (_) {
    return null;
  }
}

/** Deletes everything LiveLens kept in this browser. */
export function erase() {
  return new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') { resolve(); return; }
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}
