/*
 * What e2e tests share: a real VS Code (code-server) with the extension
 * loaded and examples/ open, driven in headless Chromium; plus opening a file
 * through Quick Open and saving screenshots under test-results/.
 */

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Page } from 'playwright-core';

// The harness is plain JS shared with the runners; typed here by hand.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require('../../scripts/lib/vscode-harness.js') as {
  startCodeServer(o: { workspace: string; installExtension?: string; settings?: Record<string, unknown>; log?: string; locale?: string }): Promise<{
    workbenchUrl(o: { extensionDevelopmentPath?: string }): string;
    stop(): Promise<void>;
  }>;
  openWorkbench(url: string, o?: { colorScheme?: 'light' | 'dark' }): Promise<{ page: Page; close(): Promise<void> }>;
};

export const ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');

export interface Workbench {
  page: Page;
  close(): Promise<void>;
}

/**
 * VS Code with the extension installed and the given theme, on a copy of
 * examples/ plus `extraFiles` (name -> content), so tests never touch the repo.
 */
export type Theme = 'light' | 'dark' | 'hc';

const THEMES: Record<Theme, { name: string; cssClass: string; scheme: 'light' | 'dark' }> = {
  light: { name: 'Default Light Modern', cssClass: 'vscode-theme-defaults-themes-light_modern-json', scheme: 'light' },
  dark: { name: 'Default Dark Modern', cssClass: 'vscode-theme-defaults-themes-dark_modern-json', scheme: 'dark' },
  hc: { name: 'Default High Contrast', cssClass: 'vscode-theme-defaults-themes-hc_black-json', scheme: 'dark' },
};

export async function launchWorkbench(theme: Theme, extraFiles: Record<string, string> = {}, locale?: string): Promise<Workbench> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-e2e-ws-'));
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  for (const [name, content] of Object.entries(extraFiles)) fs.writeFileSync(path.join(workspace, name), content);
  const server = await harness.startCodeServer({
    workspace,
    installExtension: ROOT,
    settings: { 'git.openRepositoryInParentFolders': 'never', 'workbench.colorTheme': THEMES[theme].name },
    log: path.join(RESULTS_DIR, `code-server-e2e-${theme}${locale ? '-' + locale : ''}.log`),
    locale,
  });
  try {
    const wb = await harness.openWorkbench(server.workbenchUrl({}), { colorScheme: THEMES[theme].scheme });
    // The theme from settings applies once the built-in theme extension has loaded.
    const themeClass = THEMES[theme].cssClass;
    await wb.page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), themeClass, { timeout: 30000 });
    return {
      page: wb.page,
      close: async () => {
        await wb.close();
        await server.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw err;
  }
}

/** Opens a workspace file the way a person does: Quick Open, type, Enter. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${name}"]`).waitFor();
  await page.locator('.monaco-editor .view-lines .view-line').first().waitFor();
}

export function screenshotPath(name: string): string {
  return path.join(RESULTS_DIR, name);
}
