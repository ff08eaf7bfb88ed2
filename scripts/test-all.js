#!/usr/bin/env node
/*
 * `npm test`: every stage in order (typecheck, unit, conformance, VS Code
 * suite, e2e browser tests), each with its own time limit so the whole can
 * never hang. Prints each stage's result and time, then one line exactly
 * `N passed, N failed` counting tests (mocha's "N passing"/"N failing" where
 * a stage prints them, else the stage as one test); exits 1 if anything failed.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const MIN = 60 * 1000;

const stages = [
  { name: 'typecheck', cmd: [TSC, '--noEmit', '-p', '.'], timeoutMs: 5 * MIN },
  { name: 'unit', cmd: [MOCHA], timeoutMs: 10 * MIN },
  {
    name: 'conformance',
    // --no-config: .mocharc.json's spec (the unit tests) would otherwise be added to this run.
    cmd: [MOCHA, '--no-config', '--node-option', 'import=tsx', '--timeout', '60000', '--reporter', 'dot', 'test/conformance/conformance.test.ts'],
    timeoutMs: 15 * MIN,
    skipUnless: 'test/conformance/conformance.test.ts',
  },
  { name: 'vscode', cmd: [path.join('scripts', 'run-vscode-tests.js')], timeoutMs: 6 * MIN },
  { name: 'e2e', cmd: [path.join('scripts', 'run-e2e.js'), '--no-build'], timeoutMs: 8 * MIN },
];

/** Runs one stage in its own process group, echoing and keeping its output; kills the group at the limit. */
function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, stage.cmd, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const keep = (chunk, stream) => { output += chunk; stream.write(chunk); };
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    let timedOut = false;
    // TERM first so a runner's handlers stop the code-server it started (its own process group), then KILL.
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000).unref();
    }, stage.timeoutMs);
    const onSignal = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } process.exit(130); };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.on('close', (code) => {
      clearTimeout(timer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      resolve({ code: timedOut ? null : code, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** Test counts from mocha's epilogue ("12 passing", "3 failing"), or the stage as one test. */
function countTests(output, ok) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const last = (re) => { const all = [...plain.matchAll(re)]; return all.length ? Number(all[all.length - 1][1]) : undefined; };
  const passing = last(/^\s*(\d+) passing/gm);
  const failing = last(/^\s*(\d+) failing/gm) ?? 0;
  const pending = last(/^\s*(\d+) pending/gm) ?? 0;
  if (passing === undefined) return ok ? { passed: 1, failed: 0, pending } : { passed: 0, failed: 1, pending };
  // A stage that failed without a failing test (crash, timeout) still counts one failure.
  return { passed: passing, failed: ok ? failing : Math.max(failing, 1), pending };
}

async function main() {
  const only = process.argv.slice(2);
  const summary = [];
  let passed = 0;
  let failed = 0;
  for (const stage of stages) {
    if (only.length && !only.includes(stage.name)) continue;
    if (stage.skipUnless && !fs.existsSync(path.join(ROOT, stage.skipUnless))) {
      summary.push(`  ${stage.name.padEnd(12)} skipped (no ${stage.skipUnless})`);
      continue;
    }
    console.log(`\n=== ${stage.name} ===`);
    const r = await runStage(stage);
    const ok = r.code === 0;
    const counts = countTests(r.output, ok);
    passed += counts.passed;
    failed += counts.failed;
    const status = ok ? 'ok' : r.timedOut ? `TIMED OUT after ${stage.timeoutMs / 1000} s` : `FAILED (exit ${r.code})`;
    summary.push(`  ${stage.name.padEnd(12)} ${status.padEnd(24)} ${counts.passed} passed, ${counts.failed} failed${counts.pending ? `, ${counts.pending} skipped` : ''}  ${r.seconds.toFixed(1)} s`);
  }
  console.log('\n=== summary ===');
  console.log(summary.join('\n'));
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
