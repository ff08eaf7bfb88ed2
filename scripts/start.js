#!/usr/bin/env node
/*
 * `npm start`: builds, keeps rebuilding on change, and opens the extension in
 * a real VS Code with examples/ open. With a `code` command on PATH that is
 * VS Code's own Extension Development Host; otherwise code-server on
 * 127.0.0.1 with the extension linked into its extensions folder, and the URL
 * to open is printed. Ctrl-C stops everything. `--check` instead loads the
 * page in headless Chromium, verifies the extension activated, and exits.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawn, spawnSync } = require('child_process');
const { ROOT, CACHE_DIR } = require('./lib/code-server-paths');
const { startCodeServer, openWorkbench, freePort } = require('./lib/vscode-harness');

const check = process.argv.includes('--check');
const EXAMPLES = path.join(ROOT, 'examples');

function hasCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

function startWatch() {
  const watch = spawn(process.execPath, ['esbuild.js', '--watch'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => watch.kill());
  return watch;
}

/** The page shows the file in the minipy language mode only if the extension is loaded. */
async function verify(url) {
  const wb = await openWorkbench(url);
  try {
    const page = wb.page;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
    await page.keyboard.type('hello.minipy');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: 'minipy' }).waitFor({ timeout: 30000 });
    console.log('[start] check passed: hello.minipy opened in the minipy language mode');
  } finally {
    await wb.close();
  }
}

async function main() {
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (!check && hasCode()) {
    startWatch();
    console.log('[start] opening VS Code with the extension under development (Ctrl-C stops the build watcher)');
    spawn('code', ['--new-window', `--extensionDevelopmentPath=${ROOT}`, EXAMPLES], { stdio: 'inherit' });
    return;
  }
  const wanted = Number(process.env.MINIPY_PORT || 0);
  const server = await startCodeServer({
    workspace: EXAMPLES,
    installExtension: ROOT,
    port: wanted || await freePort(),
    userDataDir: check ? undefined : path.join(CACHE_DIR, 'start-user-data'),
    log: path.join(CACHE_DIR, 'start-code-server.log'),
  });
  const url = server.workbenchUrl();
  if (check) {
    try {
      await verify(url);
    } finally {
      await server.stop();
    }
    return;
  }
  startWatch();
  console.log(`\n[start] VS Code (code-server 4.100.3) with minipy loaded:\n\n    ${url}\n`);
  console.log('[start] the build re-runs on change; reload the window (Developer: Reload Window) to pick it up. Ctrl-C stops.');
  await new Promise(() => undefined);
}

main().catch((err) => {
  console.error(`[start] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
