/*
 * The workbench as a person sees it: examples/hello.minipy open, coloured by
 * the grammar (which includes VS Code's Python grammar), in the light and the
 * dark default themes; screenshots land in test-results/.
 */

import * as assert from 'assert';
import * as fs from 'fs';
import { launchWorkbench, openFile, screenshotPath, type Workbench } from './workbench';

for (const theme of ['dark', 'light'] as const) {
  describe(`hello.minipy in the ${theme} theme`, function () {
    this.timeout(120000);
    let wb: Workbench | undefined;

    before(async () => {
      wb = await launchWorkbench(theme);
    });
    after(async () => {
      await wb?.close();
    });

    it('opens with the minipy language and syntax colours', async () => {
      const page = wb!.page;
      await openFile(page, 'hello.minipy');
      // The status bar names the editor's language mode.
      await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'minipy' }).waitFor({ timeout: 20000 });
      // Tokenizing is asynchronous: wait until keywords, strings and comments carry distinct token classes.
      await page.waitForFunction(() => {
        const classes = new Set<string>();
        document.querySelectorAll('.monaco-editor .view-line span[class^="mtk"]').forEach((s) => classes.add(s.className.split(' ')[0]));
        return classes.size >= 4;
      }, undefined, { timeout: 20000 });
      const file = screenshotPath(`hello-minipy-${theme}.png`);
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10000, 'the screenshot should hold a real picture');
    });
  });
}
