/*
 * Driving a minipy debug session and reading the panel, the way the browser
 * tests do it: the panel's document inside VS Code's webview iframes, a
 * breakpoint then F5, one step with a key and the panel's next state.
 */

import type { FrameLocator, Page } from 'playwright-core';

/** The panel's document inside VS Code's webview iframes. */
export function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** A breakpoint on `line` (click the line, F9), then F5; waits until the panel shows a paused state. */
export async function debugTo(page: Page, line: number, timeout = 60000): Promise<FrameLocator> {
  await page.locator('.monaco-editor .view-lines .view-line').nth(line - 1).click();
  await page.keyboard.press('F9');
  await page.keyboard.press('F5');
  await page.locator('.debug-toolbar').waitFor({ timeout });
  const frame = panel(page);
  await frame.locator('#root[data-status="paused"]').waitFor({ timeout });
  return frame;
}

/** Press a key and wait until the panel draws a later step (in the given status, if one is given); returns that step. */
export async function stepWith(page: Page, frame: FrameLocator, key: string, status?: string): Promise<number> {
  const before = Number(await frame.locator('#root').getAttribute('data-step'));
  // VS Code takes the key only once its own UI knows the session stopped (the panel may hear of it first).
  await page.locator('.debug-toolbar a.action-label.codicon-debug-step-over:not(.disabled)').waitFor({ timeout: 30000 });
  await page.keyboard.press(key);
  await frame.locator(`#root[data-status${status === undefined ? '' : `="${status}"`}]:not([data-step="${before}"])`).waitFor({ timeout: 30000 });
  return Number(await frame.locator('#root').getAttribute('data-step'));
}
