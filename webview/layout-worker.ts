/*
 * The heap graph's layout, off the page's thread: a layout of a hundred
 * nodes takes tens of milliseconds, which must not delay drawing a step.
 */

import { layOut, type LayoutRequest } from './graph-layout';

const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e) => { scope.postMessage(layOut(e.data)); };
