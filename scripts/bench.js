#!/usr/bin/env node
/*
 * `npm run bench`: each program in ../shared/bench/programs under `minipy run`
 * (dist/cli.js) and under the real CPython executable, alternating A B A B,
 * whole process timed (start-up included). Checks both print the same, then
 * prints each program's median ratio minipy/CPython and the geometric mean.
 * Ratios, not absolute times: the machines are shared and noisy.
 *   node scripts/bench.js [rounds] [name-filter]
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const DIR = path.resolve(ROOT, '..', 'shared', 'bench', 'programs');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const rounds = Number(process.argv[2] ?? 3);
const filter = process.argv[3] ?? '';
if (!fs.existsSync(DIR)) { console.error(`no benchmark programs at ${DIR}`); process.exit(1); }
if (!fs.existsSync(CLI)) { console.error('dist/cli.js is missing: run npm run build first'); process.exit(1); }
const PY = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { s, out: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratios = [];
const skipped = [];
for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.py') && f.includes(filter)).sort()) {
  const prog = path.join(DIR, file);
  const a = [], b = [];
  const probe = spawnSync(process.execPath, [CLI, 'run', prog], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (probe.status !== 0) {
    // Reported, not hidden: a program minipy cannot run yet is named with minipy's own last words.
    const last = probe.stderr.trim().split('\n').pop();
    console.log(`${file.padEnd(20)} not run by minipy yet: ${last}`);
    skipped.push(file);
    continue;
  }
  for (let i = 0; i < rounds; i++) {
    const m = time(process.execPath, [CLI, 'run', prog]);
    const p = time(PY, [prog]);
    if (m.out !== p.out) { console.error(`${file}: output differs\nminipy: ${m.out}\ncpython: ${p.out}`); process.exit(1); }
    a.push(m.s); b.push(p.s);
  }
  const ratio = median(a) / median(b);
  ratios.push(ratio);
  console.log(`${file.padEnd(20)} minipy ${median(a).toFixed(2)} s  cpython ${median(b).toFixed(2)} s  ratio ${ratio.toFixed(2)}`);
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geometric mean ratio ${geo.toFixed(2)} over ${ratios.length} programs (target <= 2.0, none over 4.0)${skipped.length ? `; not run: ${skipped.join(', ')}` : ''}`);
