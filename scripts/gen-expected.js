#!/usr/bin/env node
/*
 * Writes test/conformance/programs/<area>/NAME.expected.json ({ stdout, stderr,
 * exitCode }) by running the real CPython 3.11 on each NAME.minipy, from the
 * program's folder and by bare file name (tracebacks then say File "NAME.minipy").
 * It also checks each program is fit for the suite (see check()); a program
 * that is not is reported and the script exits 1. Not run by the tests.
 *   node scripts/gen-expected.js [substring-of-area/NAME ...]
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..', 'test', 'conformance', 'programs');

// The python3 on PATH may be a pyenv shim; ask it for the real interpreter once.
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const VERSION = execFileSync(PYTHON, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).trim();

function run(dir, file, hashSeed) {
  // A minimal environment: nothing from the caller's PYTHON* settings leaks in.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PYTHONHASHSEED: hashSeed, PYTHONIOENCODING: 'utf-8', LC_ALL: 'C.UTF-8' };
  const r = spawnSync(PYTHON, [file], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  // python3 (3.9+) makes the script's path absolute in tracebacks: keep the bare name, as the tests run it.
  // Warnings name the path too (path:line: RuntimeWarning ...).
  const stderr = r.stderr.split(`File "${path.join(dir, file)}"`).join(`File "${file}"`).split(`${path.join(dir, file)}:`).join(`${file}:`);
  return { stdout: r.stdout, stderr, exitCode: r.status ?? -1 };
}

/** Problems that make a program useless as a conformance test, or '' if none. */
function check(rel, out, again) {
  if (out.exitCode !== 0 && out.exitCode !== 1) return `exit status ${out.exitCode}`;
  // A SyntaxError report starts with '  File', not with 'Traceback'.
  if (out.exitCode === 1 && !out.stderr.startsWith('Traceback (most recent call last):\n')) return 'exit 1 without a traceback (a SyntaxError?)';
  // Warnings are deterministic; anything else on stderr after success is a sign of a broken program.
  if (out.exitCode === 0 && out.stderr.split('\n').some((l) => l !== '' && !/^(\S+:\d+: \w+Warning: |  |\w+Warning: Enable tracemalloc)/.test(l))) return 'stderr output on success';
  if (out.stdout.trim() === '' && out.exitCode === 0) return 'prints nothing';
  if (JSON.stringify(out) !== JSON.stringify(again)) return 'output depends on PYTHONHASHSEED (string hashing) or is otherwise nondeterministic';
  if (/ at 0x[0-9a-f]+/.test(out.stdout + out.stderr)) return 'output shows an address (a default repr)';
  const lines = fs.readFileSync(path.join(ROOT, rel), 'utf8').split('\n').length - 1;
  if (lines < 10 || lines > 60) return `${lines} lines (keep programs between 10 and 60)`;
  return '';
}

const filters = process.argv.slice(2);
let written = 0;
const bad = [];
for (const area of fs.readdirSync(ROOT).sort()) {
  const dir = path.join(ROOT, area);
  if (!fs.statSync(dir).isDirectory()) continue;
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.minipy')) continue;
    const rel = `${area}/${file}`;
    if (filters.length && !filters.some((f) => rel.includes(f))) continue;
    const out = run(dir, file, '0');
    const problem = check(rel, out, run(dir, file, '4242'));
    if (problem) bad.push(`${rel}: ${problem}`);
    fs.writeFileSync(path.join(dir, file.replace(/\.minipy$/, '.expected.json')), JSON.stringify(out, null, 2) + '\n');
    written++;
  }
}
console.log(`wrote ${written} expected files with CPython ${VERSION} (${PYTHON})`);
if (!VERSION.startsWith('3.11.')) bad.push(`CPython ${VERSION} is not 3.11`);
for (const b of bad) console.error(`problem: ${b}`);
process.exit(bad.length ? 1 : 0);
