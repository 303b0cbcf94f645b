// Types of the worker protocol (protocol.js): requests from the widget to worker.js, and the
// worker's results, failures, progress and partial results.
import type { Report, ErrorInfo } from './report.js';

/** A structured error: the wasm's `ErrorInfo` (src/error.rs, generated in report.d.ts), or
 * `js` for a JS error. */
export type { ErrorInfo } from './report.js';

export type RequestType = 'init' | 'demo' | 'addFiles' | 'removeFile' | 'clear' | 'configure' | 'ingest' | 'checkRows' | 'mapEvents' | 'analyze' | 'charts' | 'debugPanic' | 'parseStats' | LiveRequestType;

/** Live mode (app/live-worker.js): liveStart {name, params}; liveLook {file, lang};
 * liveScreen {lang}; liveStop; lotteryEligible {rule}; lotteryCommit {rule, winners};
 * lotteryDraw; lotteryVerify {name, text}. */
export type LiveRequestType = 'liveStart' | 'liveLook' | 'liveScreen' | 'liveStop' | 'lotteryEligible' | 'lotteryCommit' | 'lotteryDraw' | 'lotteryVerify';

/** page → worker. Payload by type: demo {seed, scale}; addFiles {files: {name, file, kind}[],
 * maxInputBytes}; removeFile {name}; configure {settings}; mapEvents {map: [name, event][]};
 * analyze {@link AnalyzePayload}; charts {lang}; ingest {parseWorkers?: number} (parse workers
 * for an events file of 8 MB or more: 0 none, absent min(hardwareConcurrency − 1, 3));
 * parseStats (answers {workers, ranges, merged, heaps} of the last ingest's large file, or
 * null). */
export interface Request {
  type: RequestType;
  id: number;
  wasmUrl?: string;
  [payload: string]: unknown;
}

/** The payload of `analyze`. */
export interface AnalyzePayload {
  options?: Record<string, unknown>;
  lang?: 'en' | 'zh';
  /** Post the KPIs first as a `partial` message. */
  kpisFirst?: boolean;
  /** Only these sections (keys of the core's `analysis::STAGES`); absent = every section. */
  sections?: string[];
  /** Merge the sections into the report the worker holds instead of replacing it. */
  merge?: boolean;
  /** The keys of `options` that differ from the report held's settings: only the sections they
   * change are computed again, the changed ones not in `sections` dropped (core
   * `analysis::reanalyze`). */
  changed?: string[];
}

/** The answer of `analyze` (also the `partial` payload, with `partial: true`). */
export interface Analysed {
  /** The whole report; with `changed`, a report whose `fields` are the worker's (the others
   * empty). */
  report: Report;
  /** Every chart of the report held. */
  charts: Array<{ id: string; title: string; [key: string]: unknown }>;
  partial?: true;
  /** The sections the report has (every stage key when all were computed). */
  sections?: string[];
  /** Present when `report` holds only the sections that changed in the worker's report (a
   * `merge` or a `changed` request on the report it holds): the page puts them into its copy,
   * which then equals the worker's. */
  changed?: string[];
  /** With `changed`: the report fields to take (those sections' and `skipped`). */
  fields?: string[];
}

export interface Result { type: 'result'; id: number; ok: true; result: unknown }
export interface Failure { type: 'result'; id: number; ok: false; error: ErrorInfo; panic: string | null }
export interface ProgressMessage {
  type: 'progress';
  stage: 'reading' | 'parsing' | 'analysing' | 'demo';
  done: number;
  total: number;
  unit?: 'bytes';
  step?: string;
  file?: string;
  /** While parsing: rows read so far (accepted and rejected) of all files. */
  rows?: number;
}
export interface Partial { type: 'partial'; id: number; result: Analysed }
export type Response = Result | Failure | ProgressMessage | Partial;

export const REQUESTS: RequestType[];
export const LIVE_REQUESTS: LiveRequestType[];
export function request(id: number, type: RequestType, payload?: Record<string, unknown>, wasmUrl?: string): Request;
export function result(id: number, value: unknown): Result;
export function failure(id: number, err: unknown, panic?: string | null): Failure;
export function progress(stage: ProgressMessage['stage'], done?: number, total?: number, extra?: Partial_<ProgressMessage>): ProgressMessage;
export function partial(id: number, value: Analysed): Partial;
export function plain<T>(v: T): T;
export function errorInfo(e: unknown): ErrorInfo;
export function coded(code: string, message: string, extra?: Partial_<ErrorInfo>): Error & ErrorInfo;
export function isCrash(msg: Failure): boolean;
type Partial_<T> = { [K in keyof T]?: T[K] };
