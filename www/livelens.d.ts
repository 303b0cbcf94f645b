// TypeScript declarations of the LiveLens widget (www/livelens.js, www/element.js).
// The wasm bindings themselves are declared by wasm-bindgen in pkg/livelens.d.ts (Engine,
// Chart, defaultOptions, version, lastPanic); the worker protocol in protocol.d.ts; the report,
// the options and the error in report.d.ts (generated from the Rust types).
import type { Report, AnalysisOptions } from './report.js';

/** Every field optional, at every depth (missing settings take the defaults). */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The two languages of the widget. */
export type Lang = 'en' | 'zh';

/** Colour scheme: follow the system (`auto`), or force one. */
export type Theme = 'auto' | 'light' | 'dark';

/** Options of {@link mount}. Every field is optional. */
export interface MountOptions {
  /** Language; default: the browser's (zh for any Chinese locale, otherwise en). */
  lang?: Lang;
  /** Colour scheme; default `auto`. */
  theme?: Theme;
  /** Load the generated demo data at once; default true. */
  demo?: boolean;
  /** Seed and size of the demo data; default 42, `small`. */
  seed?: number;
  scale?: 'small' | 'medium';
  /** ISO 4217 currency for money values; default `CNY`. */
  currency?: string;
  /** Ids of the views to offer, in navigation order of the widget; default all. */
  views?: string[];
  /** The view shown first; default `overview`. */
  view?: string;
  /**
   * Analysis settings: an object of the Rust `AnalysisOptions` (docs/report.md); missing fields
   * take the defaults of the wasm's `defaultOptions()`.
   */
  analysis?: DeepPartial<AnalysisOptions>;
  /**
   * Where the wasm file is served, when not at `pkg/livelens_bg.wasm` next to the widget
   * (e.g. a CDN path of your own origin). Used by the worker and by the chart drawing.
   */
  wasmUrl?: string | URL;
  /** Where worker.js is served, when not next to livelens.js. */
  workerUrl?: string | URL;
  /** Keep view, language and time-zone settings in the page's URL hash; default false. */
  urlState?: boolean;
  /** Offer "keep my files in this browser" (IndexedDB, opt-in by the user); default true. */
  persist?: boolean;
  /** Show the KPIs before the slower analyses finish; default true. */
  kpisFirst?: boolean;
  /** Parse workers for an events file of 8 MB or more (parse-pool.js): 0 parses in the engine
   * worker alone; absent, min(hardwareConcurrency − 1, 3) with 4 cores or more, none with fewer.
   * The full page reads `?workers=N`. */
  parseWorkers?: number;
  /**
   * Compute the heavy sections (segments and clusters, prediction, recommendations with their
   * evaluation) only when a view that shows them is first opened, or on
   * {@link LiveLensHandle.computeSections}; default true. `false`: every section at once.
   */
  lazySections?: boolean;
  /** Refuse inputs above this many bytes (below the built-in 1 GiB budget), e.g. on phones. */
  maxInputBytes?: number;
}

/** A file given to {@link LiveLensHandle.load}: a browser `File`, or a name with its content. */
export type InputData = File | { name: string; data: string | ArrayBuffer | Uint8Array | Blob };

/** A progress message of the worker. */
export interface Progress {
  /** `reading` (bytes), `parsing`, `analysing` (stages), `demo`. */
  stage: 'reading' | 'parsing' | 'analysing' | 'demo';
  done: number;
  total: number;
  /** `bytes` while reading and parsing files (`done` and `total` are bytes). */
  unit?: 'bytes';
  /** While parsing: rows read so far. */
  rows?: number;
  /** The analysis stage: kpis, segments, funnel, timeline, retention, comparison, rules, prediction, recommendations, done. */
  step?: string;
  /** The file being read. */
  file?: string;
}

/**
 * An error reported by the widget (also shown inside it, worded in the widget's language from
 * `code`). The engine's errors are structured (`ErrorInfo` in protocol.d.ts).
 */
export interface WidgetError {
  /** The English sentence. */
  message: string;
  /**
   * Stable key: `too_big` when the data does not fit in this browser's memory; otherwise the
   * engine's code (`params`, `not_enough_data`, `bad_options`, an input error's code, …), or
   * `js` for an error of the page itself. Absent for a crash.
   */
  code?: 'too_big' | string;
  /** For `too_big`: bytes needed and bytes that would fit. */
  size?: number | null;
  fits?: number | null;
  /** The engine crashed (a panic); it has been restarted without the data. */
  crashed?: boolean;
}

/**
 * The report (docs/report.md), generated from the Rust types in report.d.ts: `dataset`,
 * `validation`, `kpis`, `hosts`, `funnel`, `sessions`, `timeline`, `retention`, `comparison`,
 * `rules`, `segments`, `prediction`, `recommendations`, `evaluation`, `skipped`. Sections that
 * could not run are null.
 */
export type { Report, AnalysisOptions, ErrorInfo } from './report.js';

/** Events of {@link LiveLensHandle.on} and their payloads. */
export interface LiveLensEvents {
  /** The KPIs are ready (the report's other sections are still null). */
  kpis: Report;
  /** The report is ready (with lazy sections: without the heavy sections no view needed yet). */
  report: Report;
  /** Heavy sections were computed and merged into the report (their keys). */
  sections: string[];
  progress: Progress;
  error: WidgetError;
  lang: Lang;
  view: string;
  /** The files kept in this browser were erased. */
  erased: Record<string, never>;
}

/** The mounted widget. */
export interface LiveLensHandle {
  /** Analyses the user's files (events, orders, items, users, sessions; detected by content). */
  load(files: Iterable<InputData> | ArrayLike<InputData>): Promise<void>;
  /** Shows the generated demo data. */
  loadDemo(): Promise<void>;
  /** Changes options; re-analyses when `analysis` changes. */
  update(options: Partial<MountOptions>): Promise<void>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<K extends keyof LiveLensEvents>(event: K, fn: (payload: LiveLensEvents[K]) => void): () => void;
  /** A deep copy of the report, or null while none (or only the KPIs) is ready. With lazy
   * sections, heavy sections not computed yet are null: call {@link computeSections} first. */
  exportReport(): Report | null;
  /** Computes the heavy sections not computed yet (`sections`: stage keys; default all). */
  computeSections(sections?: string[]): Promise<void>;
  /** Cancels the work in progress (the data being loaded is dropped). */
  cancel(): void;
  /** Deletes the files kept in this browser (IndexedDB). */
  eraseSaved(): Promise<void>;
  readonly state: { lang: Lang; source: 'demo' | 'own' | null; busy: boolean; partial: boolean; view: string };
  /** Stops the worker, removes every listener and empties the shadow root. */
  destroy(): void;
  /** Live mode ("Go live", docs/live-page.md): follow a FileSystemFileHandle (a picked one, or
   * one from the origin private file system in tests), look now, stop the timer; the last
   * screen (`LiveScreen`) and the last look's timing in ms. */
  readonly live: {
    followHandle(handle: FileSystemFileHandle): Promise<void>;
    look(): Promise<void>;
    stop(): void;
    readonly following: boolean;
    readonly screen: unknown | null;
    readonly timing: { core: number; look: number; draw: number; total: number; rows: number } | null;
  };
  /** @internal TEST ONLY: makes the wasm in the worker panic (only with the test build, pkg-test/). */
  _debugPanic(): Promise<void>;
}

/** Builds the dashboard inside `element`'s (open) shadow root. */
export function mount(element: HTMLElement, options?: MountOptions): LiveLensHandle;
