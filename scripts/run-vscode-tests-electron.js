#!/usr/bin/env node
/*
 * The same VS Code suite through @vscode/test-electron, for machines that can
 * download VS Code (not these: they use scripts/run-vscode-tests.js and
 * code-server). Builds, then runs dist/test/vscode/suite in a downloaded
 * VS Code 1.100.3 with examples/ open and other extensions disabled.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'test-results', 'vscode-suite.json');

async function main() {
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  fs.rmSync(RESULTS, { force: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-electron-ud-'));
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }));
  try {
    await runTests({
      version: process.env.MINIPY_VSCODE_VERSION || '1.100.3',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'dist', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [path.join(ROOT, 'examples'), '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`],
      extensionTestsEnv: { MINIPY_VSCODE_RESULTS: RESULTS },
    });
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  if (fs.existsSync(RESULTS)) {
    const r = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    console.log(`\n  ${r.passed} passing`);
    if (r.failed) console.log(`  ${r.failed} failing`);
  }
}

main().catch((err) => {
  console.error(`[vscode-tests-electron] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
