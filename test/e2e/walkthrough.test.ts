/*
 * The walkthrough as a learner meets it: opened from the Command Palette
 * ("minipy: Open the Tutorials"), rendered in the Welcome page with its ten
 * steps and the first step's page, in English and in Korean (code-server's
 * --locale); screenshots land in test-results/.
 */

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { launchWorkbench, screenshotPath, ROOT, type Workbench } from './workbench';

const LANGS = [
  { locale: 'en', nls: 'package.nls.json', theme: 'light' as const },
  { locale: 'ko', nls: 'package.nls.ko.json', theme: 'dark' as const },
];

for (const lang of LANGS) {
  describe(`the walkthrough in ${lang.locale}`, function () {
    this.timeout(180000);
    let wb: Workbench | undefined;
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, lang.nls), 'utf8')) as Record<string, string>;

    before(async () => {
      wb = await launchWorkbench(lang.theme, {}, lang.locale === 'en' ? undefined : lang.locale);
    });
    after(async () => {
      await wb?.close();
    });

    it('opens from the Command Palette with every step and its page', async () => {
      const page = wb!.page;
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
      await page.keyboard.type(nls['command.openTutorials.title']);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: nls['command.openTutorials.title'] }).first().waitFor({ timeout: 20000 });
      await page.keyboard.press('Enter');
      const container = page.locator('.gettingStartedContainer');
      await container.locator('.getting-started-step', { hasText: nls['walkthrough.refcounts.title'] }).first().waitFor({ timeout: 30000 });
      for (const id of ['refcounts', 'cycles', 'gil', 'free-threading']) {
        assert.ok(await container.locator('.getting-started-step', { hasText: nls[`walkthrough.${id}.title`] }).count() > 0, `step ${id}`);
      }
      // The first step's page (markdown media) renders in its own webview frame; wait for its title.
      const pageTitle = fs.readFileSync(path.join(ROOT, nls['walkthrough.refcounts.media']), 'utf8').split('\n')[0].replace(/^# /, '');
      const found = await (async () => {
        for (let i = 0; i < 40; i++) {
          for (const f of page.frames()) {
            const text = await f.locator('body').innerText({ timeout: 500 }).catch(() => '');
            if (text.includes(pageTitle)) return true;
          }
          await page.waitForTimeout(250);
        }
        return false;
      })();
      assert.ok(found, `the step's page shows "${pageTitle}"`);
      const file = screenshotPath(`walkthrough-${lang.locale}.png`);
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10000, 'the screenshot should hold a real picture');
    });
  });
}
