/*
 * Placeholder for the panel's webview script (the panel engineer replaces
 * it): proves the browser bundle builds and tells the extension it loaded.
 */

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

acquireVsCodeApi().postMessage({ type: 'ready' });
