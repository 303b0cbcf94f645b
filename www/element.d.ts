// Declarations of element.js: the <livelens-dashboard> custom element.
import type { LiveLensHandle, MountOptions, Report, Progress, WidgetError, Lang } from './livelens.js';
export type { WidgetError } from './livelens.js';
export type { ErrorInfo } from './protocol.js';

/**
 * `<livelens-dashboard>` (element.js). Attributes: lang, theme, views (comma-separated), view,
 * demo (on|off), currency, wasm-url, worker-url, url-state, persist (off), max-input-bytes.
 * Events: `livelens-kpis`, `livelens-report`, `livelens-progress`, `livelens-error`,
 * `livelens-lang`, `livelens-view`, `livelens-erased` (CustomEvent, detail = payload).
 */
export declare class LiveLensDashboard extends HTMLElement {
  /** The handle of the mounted widget, or null while not connected. */
  readonly livelens: LiveLensHandle | null;
  options(): MountOptions;
}

/**
 * Registers the element under `name` (default `livelens-dashboard`). Returns false, with a
 * console warning, when another script already owns the name.
 */
export function define(name?: string): boolean;

declare global {
  interface HTMLElementTagNameMap {
    'livelens-dashboard': LiveLensDashboard;
  }
  interface HTMLElementEventMap {
    'livelens-kpis': CustomEvent<Report>;
    'livelens-report': CustomEvent<Report>;
    'livelens-progress': CustomEvent<Progress>;
    'livelens-error': CustomEvent<WidgetError>;
    'livelens-lang': CustomEvent<Lang>;
    'livelens-view': CustomEvent<string>;
    'livelens-erased': CustomEvent<Record<string, never>>;
  }
}
