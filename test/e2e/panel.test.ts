/*
 * The panel as a learner sees it, inside a real VS Code (code-server and
 * Chromium), in the light and dark themes: after known steps of known
 * programs the DOM shows the GIL holder, refcount badges in the heap graph,
 * a suspended generator greyed and unlinked, an object freed by `del`
 * fading out and listed with the step that freed it, and "go to that step"
 * taking the session there. Screenshots land in test-results/.
 */

import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { debugTo, stepWith } from './panel-driver';
import { launchWorkbench, openFile, screenshotPath, type Theme, type Workbench } from './workbench';

const THREADS = [
  'import threading', //                                        1
  'import time', //                                             2
  'def worker(n):', //                                          3
  '    time.sleep(0.001 * n)', //                               4
  '    items = [n] * 3', //                                     5
  '    return items', //                                        6
  'ts = [threading.Thread(target=worker, args=(i,)) for i in range(3)]', // 7
  'for t in ts:', //                                            8
  '    t.start()', //                                           9
  'for t in ts:', //                                            10
  '    t.join()', //                                            11
  'print("done")', //                                           12
  '',
].join('\n');

const MEMORY = [
  'def counter(n):', //                                         1
  '    i = 0', //                                               2
  '    while i < n:', //                                        3
  '        yield i', //                                         4
  '        i += 1', //                                          5
  'g = counter(3)', //                                          6
  'first = next(g)', //                                         7
  'data = [first, 2, 3]', //                                    8
  'del data', //                                                9
  'x = 0', //                                                   10
  'y = x', //                                                   11
  '',
].join('\n');

const CYCLE = [
  'import gc', //                                               1
  'class Node:', //                                             2
  '    pass', //                                                3
  'a = Node()', //                                              4
  'b = Node()', //                                              5
  'a.other = b', //                                             6
  'b.other = a', //                                             7
  'del a, b', //                                                8
  'found = gc.collect()', //                                    9
  'print(found)', //                                            10
  'x = 1', //                                                   11
  '',
].join('\n');

for (const theme of (process.env.THEMES ?? 'light,dark,hc').split(',') as Theme[]) {
  /** Each scenario in its own workbench: a fresh window, as a learner opening one example. */
  const scenario = (title: string, file: string, source: string, test: (page: Page) => Promise<void>): void => {
    describe(`the panel (${theme} theme)`, function () {
      this.timeout(240000);
      let wb: Workbench | undefined;
      before(async () => { wb = await launchWorkbench(theme, { [file]: source }); });
      after(async () => { await wb?.close(); });
      afterEach(async function () {
        if (this.currentTest?.state === 'failed') await wb?.page.screenshot({ path: screenshotPath(`panel-failed-${theme}-${file}.png`) }).catch(() => undefined);
      });
      it(title, async () => {
        await openFile(wb!.page, file);
        await test(wb!.page);
      });
    });
  };

  scenario('shows the GIL holder, every thread with its stack, and refcount badges', 'panel_threads.minipy', THREADS, async (page) => {
    const frame = await debugTo(page, 6);
    await frame.locator('.holder', { hasText: /Thread-\d \(worker\)/ }).first().waitFor({ timeout: 60000 });
    const text = await frame.locator('#root').innerText();
    assert.match(text, /GIL holder/);
    assert.match(text, /MainThread/);
    assert.match(text, /live bytes/);
    const worker = frame.locator('tr.thread-row', { hasText: /Thread-\d \(worker\)/ }).first();
    assert.match(await worker.innerText(), /worker:6/, 'the worker stands at line 6 in its stack');
    assert.ok(await frame.locator('.heap-graph .rc').count() > 0, 'refcount badges in the heap graph');
    assert.ok(await frame.locator('.heap-table .badge').count() > 0, 'refcount badges in the table');
    // The worker's list [n, n, n] is held by its local `items`: one reference.
    const items = frame.locator('.heap-graph .node-object', { hasText: /\[\d, \d, \d\]/ }).first();
    assert.equal((await items.locator('.rc text').textContent())?.trim(), '1');
    await page.screenshot({ path: screenshotPath(`panel-${theme}.png`) });
    // The whole panel, on a tall window, as an artifact to look at.
    await page.setViewportSize({ width: 1400, height: 2400 });
    await frame.locator('#bytecode').waitFor();
    await page.waitForTimeout(600);
    await page.locator('iframe.webview.ready').screenshot({ path: screenshotPath(`panel-full-${theme}.png`) });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  if (theme === 'hc') continue; // high contrast: the first scenario and its screenshots are enough

  scenario('greys out a suspended generator, fades out a freed object and goes back to the step that freed it', 'panel_memory.minipy', MEMORY, async (page) => {
    const frame = await debugTo(page, 8);
    const gen = frame.locator('.gen[data-state="GEN_SUSPENDED"]');
    await gen.waitFor({ timeout: 30000 });
    assert.match(await gen.innerText(), /counter/);
    assert.match(await gen.innerText(), /line 4/);
    assert.match(await gen.innerText(), /i = 0/);
    assert.ok(await frame.locator('.heap-graph .node.suspended').count() >= 1, 'the generator node is drawn suspended');
    assert.equal(await frame.locator('.heap-graph .edge.relink').count(), 0, 'a suspended generator is linked to no stack');
    await stepWith(page, frame, 'F10'); // data = [first, 2, 3]
    const list = frame.locator('.heap-graph .node-object', { hasText: '[0, 2, 3]' });
    await list.waitFor({ timeout: 15000 });
    const listId = await list.getAttribute('data-id');
    assert.equal((await list.locator('.rc text').textContent())?.trim(), '1', 'held by `data` alone');
    await stepWith(page, frame, 'F10'); // del data
    await frame.locator(`.heap-graph .node.freed[data-id="${listId}"]`).waitFor({ timeout: 15000 });
    const freedRow = frame.locator(`.freed-list li.just-freed[data-id="${listId}"]`);
    assert.match(await freedRow.innerText(), /line 9/);
    console.log(`      timeline: ${await frame.locator('#root').getAttribute('data-timeline')}`);
    await page.screenshot({ path: screenshotPath(`panel-memory-${theme}.png`) });
    await frame.locator('#heap').screenshot({ path: screenshotPath(`panel-heap-${theme}.png`) });
    const freedAt = Number(/step (\d+)/.exec(await freedRow.innerText())?.[1]);
    const here = await stepWith(page, frame, 'F10'); // x = 0
    assert.ok(freedAt > 0 && freedAt < here);
    await frame.locator(`.freed-list li[data-id="${listId}"] button`).click();
    await frame.locator(`#root[data-step="${freedAt}"]`).waitFor({ timeout: 15000 });
    // P plays: step after step at the chosen pace, here to the program's end.
    await frame.locator('#threads-h').focus();
    await page.keyboard.press('p');
    await frame.locator('[data-control="play"][aria-pressed="true"]').waitFor({ timeout: 5000 });
    await frame.locator('#root[data-status="idle"]').waitFor({ timeout: 30000 });
    assert.equal(await frame.locator('[data-control="play"]').getAttribute('aria-pressed'), 'false', 'playing stops when the program ends');
  });

  scenario('shows a cycle nothing reaches, then the collector finding and freeing it phase by phase', 'panel_cycle.minipy', CYCLE, async (page) => {
    const frame = await debugTo(page, 9);
    await frame.locator('.heap-graph .node.unreachable').first().waitFor({ timeout: 30000 });
    const unreachable = await frame.locator('.heap-graph .node.unreachable').allTextContents();
    assert.ok(unreachable.filter((t) => /Node object/.test(t)).length === 2, `both Node objects drawn unreachable: ${unreachable.join(' | ')}`);
    await stepWith(page, frame, 'F10'); // found = gc.collect()
    const collection = frame.locator('#collector .collection');
    await collection.waitFor({ timeout: 15000 });
    assert.match(await collection.innerText(), /Generation 2 at step \d+/);
    await frame.locator('#collector .phase.current', { hasText: 'delete_garbage' }).waitFor({ timeout: 15000 });
    assert.ok(await frame.locator('#collector .chip.unreachable.freed').count() >= 2, 'the two Node objects are unreachable and freed');
    assert.equal(await frame.locator('.heap-graph .node.unreachable:not(.freed)').count(), 0, 'nothing unreachable is left but the fading ghosts of the freed');
    await frame.locator('#collector').screenshot({ path: screenshotPath(`panel-collector-${theme}.png`) });
  });
}
