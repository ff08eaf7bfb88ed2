/*
 * A syntax error as a person meets it in the workbench: a red squiggle in the
 * editor and an entry in the Problems view with CPython's message and position;
 * a SyntaxWarning, as a warning.
 */

import * as assert from 'assert';
import { launchWorkbench, openFile, screenshotPath, type Workbench } from './workbench';

describe('syntax errors in the workbench', function () {
  this.timeout(120000);
  let wb: Workbench | undefined;

  before(async () => {
    wb = await launchWorkbench('dark', {
      'broken.minipy': 'x = 1\nif x == 1\n    print(x)\n',
      'warned.minipy': 'x = 1\nif x is 1:\n    print(x)\n',
    });
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

  it('shows a SyntaxWarning as a warning squiggle and Problems entry, in CPython\'s words', async () => {
    const page = wb!.page;
    // From the Explorer, as a person would after the first file (a second Quick Open here never opens).
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'warned.minipy' }).first().click();
    await page.locator('.tab[data-resource-name="warned.minipy"]').waitFor();
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 20000 });
    const row = page.locator('.markers-panel .monaco-tl-row', { hasText: '"is" with a literal' }).first();
    await row.waitFor({ timeout: 20000 });
    const text = (await row.textContent()) ?? '';
    assert.match(text, /Did you mean "=="\?/);
    assert.match(text, /Ln 2, Col 4/);
    await page.screenshot({ path: screenshotPath('syntax-warning-problems.png') });
  });
});
