#!/usr/bin/env node
/*
 * Runs the Playwright tests of test/e2e (mocha, TypeScript through tsx) on
 * real VS Code workbenches started by scripts/lib/vscode-harness.js. Builds
 * first unless --no-build; a hard limit kills mocha and every child it left.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawn } = require('child_process');
const { ROOT } = require('./lib/code-server-paths');

const TIMEOUT_MS = Number(process.env.MINIPY_E2E_TIMEOUT_MS || 7 * 60 * 1000);

function main() {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  const specs = fs.readdirSync(path.join(ROOT, 'test', 'e2e')).filter((f) => f.endsWith('.test.ts')).map((f) => path.join('test', 'e2e', f));
  if (specs.length === 0) {
    console.log('[e2e] no tests in test/e2e');
    return;
  }
  const args = [path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--node-option', 'import=tsx',
    '--reporter', 'spec', '--timeout', '120000', '--exit', ...specs];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', detached: true });
  const kill = (signal) => { try { process.kill(-child.pid, signal); } catch { /* gone */ } };
  // TERM lets mocha's process stop the code-servers it started (their own groups); KILL if it does not.
  const timer = setTimeout(() => {
    console.error(`[e2e] timed out after ${TIMEOUT_MS / 1000} s`);
    kill('SIGTERM');
    setTimeout(() => { kill('SIGKILL'); process.exit(1); }, 5000);
  }, TIMEOUT_MS);
  process.on('SIGINT', () => { kill('SIGTERM'); setTimeout(() => process.exit(130), 2000); });
  process.on('SIGTERM', () => { kill('SIGTERM'); setTimeout(() => process.exit(143), 2000); });
  child.on('close', (code) => {
    clearTimeout(timer);
    process.exit(code ?? 1);
  });
}

main();
