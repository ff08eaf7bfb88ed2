/*
 * The panel as a learner sees it: a debug session on a threaded example
 * stops at a breakpoint, the panel opens beside the editor and shows the GIL
 * holder, every thread, memory and the heap with refcount badges, in VS
 * Code's light and dark themes; screenshots land in test-results/.
 */

import * as assert from 'assert';
import { launchWorkbench, openFile, screenshotPath, type Workbench } from './workbench';

const PROGRAM = [
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

for (const theme of ['light', 'dark'] as const) {
  describe(`the panel (${theme} theme)`, function () {
    this.timeout(180000);
    let wb: Workbench | undefined;
    before(async () => { wb = await launchWorkbench(theme, { 'panel_demo.minipy': PROGRAM }); });
    after(async () => { await wb?.close(); });

    it('follows the session: the GIL holder, the threads, memory and refcount badges', async () => {
      const page = wb!.page;
      await openFile(page, 'panel_demo.minipy');
      // A breakpoint on line 6 (return items) by clicking the glyph margin of that line, then F5.
      await page.locator('.monaco-editor .view-lines .view-line').nth(5).click();
      await page.keyboard.press('F9');
      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor({ timeout: 60000 });
      const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await frame.locator('section h2').first().waitFor({ timeout: 60000 });
      await frame.locator('.holder', { hasText: /Thread-\d \(worker\)/ }).first().waitFor({ timeout: 60000 });
      const text = await frame.locator('#root').innerText();
      assert.match(text, /GIL holder/);
      assert.match(text, /MainThread/);
      assert.match(text, /live bytes/);
      const badges = await frame.locator('.badge').count();
      assert.ok(badges > 0, 'refcount badges in the heap');
      await page.screenshot({ path: screenshotPath(`panel-${theme}.png`) });
    });
  });
}
