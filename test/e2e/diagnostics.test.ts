/*
 * A syntax error as a person meets it in the workbench: a red squiggle in the
 * editor and an entry in the Problems view with CPython's message and position.
 */

import * as assert from 'assert';
import { launchWorkbench, openFile, screenshotPath, type Workbench } from './workbench';

describe('syntax errors in the workbench', function () {
  this.timeout(120000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await launchWorkbench('dark', { 'broken.minipy': 'x = 1\nif x == 1\n    print(x)\n' });
  });
  after(async () => {
    await wb?.close();
  });

  it("shows a squiggle and a Problems entry with CPython's message and position", async () => {
    const page = wb!.page;
    await openFile(page, 'broken.minipy');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-tl-row', { hasText: "expected ':'" }).first();
    await row.waitFor({ timeout: 20000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /minipy/);
    assert.match(text, /Ln 2, Col 10/);
    await page.screenshot({ path: screenshotPath('syntax-error-problems.png') });
  });
});
