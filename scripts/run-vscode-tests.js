#!/usr/bin/env node
/*
 * Runs the VS Code suite (test/vscode/suite) inside a real VS Code: builds,
 * starts code-server with examples/ open, loads the workbench in headless
 * Chromium with the extension and the suite passed through the URL's
 * payload, waits for the suite's results file, prints it and exits 0 only
 * if every test passed. Always stops code-server and Chromium; an overall
 * limit (MINIPY_VSCODE_TIMEOUT_MS, default 5 min) means it can never hang.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { startCodeServer, openWorkbench, deadline } = require('./lib/vscode-harness');
const { ROOT } = require('./lib/code-server-paths');

const TIMEOUT_MS = Number(process.env.MINIPY_VSCODE_TIMEOUT_MS || 5 * 60 * 1000);
// One file per run: engineers run the suite side by side in one working tree.
const RESULTS = path.join(ROOT, 'test-results', `vscode-suite-${process.pid}.json`);
const LATEST = path.join(ROOT, 'test-results', 'vscode-suite.json');
const SUITE_DIR = path.join(ROOT, 'dist', 'test', 'vscode', 'suite');

async function waitForResults(server, page) {
  for (;;) {
    if (fs.existsSync(RESULTS)) {
      const text = fs.readFileSync(RESULTS, 'utf8');
      fs.rmSync(RESULTS, { force: true });
      fs.writeFileSync(LATEST, text);
      return JSON.parse(text);
    }
    if (server.process.exitCode !== null) throw new Error(`code-server exited early; see ${server.logFile}`);
    if (page.isClosed()) throw new Error('the workbench page closed before the suite finished');
    await new Promise((r) => setTimeout(r, 250));
  }
}

function report(results) {
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${t.title}${t.state === 'passed' ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  for (const [k, v] of Object.entries(results.metrics || {})) console.log(`  metric ${k}: ${v}`);
  // Same summary wording as mocha's spec reporter, which scripts/test-all.js counts.
  console.log(`\n  ${results.passed} passing`);
  if (results.pending) console.log(`  ${results.pending} pending`);
  if (results.failed) console.log(`  ${results.failed} failing`);
}

async function main() {
  if (!process.argv.includes('--no-build')) execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (!fs.existsSync(path.join(SUITE_DIR, 'index.js'))) throw new Error(`no suite at ${SUITE_DIR}`);
  fs.rmSync(RESULTS, { force: true });
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });

  const limit = deadline(TIMEOUT_MS, 'the VS Code suite');
  let server;
  let workbench;
  try {
    const job = (async () => {
      const started = Date.now();
      server = await startCodeServer({
        workspace: path.join(ROOT, 'examples'),
        env: { MINIPY_VSCODE_RESULTS: RESULTS },
        log: path.join(ROOT, 'test-results', 'code-server-vscode-suite.log'),
      });
      const url = server.workbenchUrl({ extensionDevelopmentPath: ROOT, extensionTestsPath: SUITE_DIR });
      workbench = await openWorkbench(url);
      console.log(`[vscode-tests] workbench up in ${Date.now() - started} ms (VS Code 1.100.3 via code-server)`);
      return waitForResults(server, workbench.page);
    })();
    const results = await Promise.race([job, limit.promise]);
    report(results);
    return results.failed === 0 && results.passed > 0 ? 0 : 1;
  } finally {
    limit.cancel();
    if (workbench) fs.writeFileSync(path.join(ROOT, 'test-results', 'vscode-suite-console.log'), workbench.consoleLines.join('\n') + '\n');
    if (workbench) await workbench.close();
    if (server) await server.stop();
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(`[vscode-tests] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
