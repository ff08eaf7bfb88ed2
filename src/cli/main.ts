/*
 * The `minipy` command: `run FILE` prints what python3 would print (exit
 * status 1 on an uncaught exception), `dis FILE` prints CPython's dis layout,
 * `trace FILE` prints one JSON line per instruction (position and signals),
 * for tools and tests. Bundled as dist/cli-main.js, run by launch.ts (dist/cli.js).
 */

import * as fs from 'fs';
import * as path from 'path';
import { hostHeadroom } from '../host-memory';
import { runSource, compile, Session } from '../vm/index';
import { disassemble } from '../vm/bytecode/dis';
import { formatWarnings } from '../vm/compiler/warnings';
import { formatSyntaxError } from '../vm/syntax/index';
import { parseRunOptions } from '../narration/annotations';
import { timeline } from './timeline';

const OPTIONS = '[--max-steps N] [--max-heap BYTES[K|M|G]] [--switch-interval SECONDS] [--switch-check 3.11|3.9] [--gil on|off] [--refcount plain|naive-racy|biased] [--cores N] [--seed N] [--jit on|off|eager]';
const USAGE = `usage: minipy run ${OPTIONS} [--find-seed] FILE [ARGS...]
       minipy dis FILE
       minipy trace ${OPTIONS} FILE
       minipy timeline ${OPTIONS} FILE`;

/** A size such as 1048576, 512K, 64M or 2G (binary multiples), or null. */
function parseBytes(text: string | undefined): number | null {
  const m = /^(\d+)([KMG]?)$/i.exec(text ?? '');
  if (m === null) return null;
  const n = Number(m[1]) * 1024 ** ' KMG'.indexOf(m[2].toUpperCase() || ' ');
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

/** Node's own heap nearly full: the program gets MemoryError rather than Node dying. */
const nodeHeadroom = hostHeadroom(0.85);

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  let maxSteps: number | undefined;
  let maxHeapBytes: number | undefined;
  let switchInterval: number | undefined;
  let switchCheck: '3.11' | '3.9' | undefined;
  let gil: boolean | undefined;
  let refcount: 'plain' | 'naive-racy' | 'biased' | undefined;
  let cores: number | undefined;
  let seed: number | undefined;
  let jit: 'on' | 'off' | 'eager' | undefined;
  let findSeed = false;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (args.length > 0) { args.push(rest[i]); continue; } // after FILE everything is the program's sys.argv
    if (rest[i] === '--max-steps') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n <= 0) { process.stderr.write('minipy: --max-steps takes a positive whole number\n'); return 2; }
      maxSteps = n;
    } else if (rest[i] === '--max-heap') {
      const n = parseBytes(rest[++i]);
      if (n === null) { process.stderr.write('minipy: --max-heap takes a size in bytes (with an optional K, M or G)\n'); return 2; }
      maxHeapBytes = n;
    } else if (rest[i] === '--switch-interval') {
      const s = Number(rest[++i]);
      if (!(s > 0)) { process.stderr.write('minipy: --switch-interval takes a positive number of seconds\n'); return 2; }
      switchInterval = s;
    } else if (rest[i] === '--switch-check') {
      const c = rest[++i];
      if (c !== '3.11' && c !== '3.9') { process.stderr.write('minipy: --switch-check is 3.11 or 3.9\n'); return 2; }
      switchCheck = c;
    } else if (rest[i] === '--gil') {
      const g = rest[++i];
      if (g !== 'on' && g !== 'off') { process.stderr.write('minipy: --gil is on or off\n'); return 2; }
      gil = g === 'on';
    } else if (rest[i] === '--refcount') {
      const r = rest[++i];
      if (r !== 'plain' && r !== 'naive-racy' && r !== 'biased') { process.stderr.write('minipy: --refcount is plain, naive-racy or biased\n'); return 2; }
      refcount = r;
    } else if (rest[i] === '--cores' || rest[i] === '--seed') {
      const flag = rest[i];
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < (flag === '--cores' ? 1 : 0)) { process.stderr.write(`minipy: ${flag} takes a whole number\n`); return 2; }
      if (flag === '--cores') cores = n; else seed = n;
    } else if (rest[i] === '--jit') {
      const j = rest[++i];
      if (j !== 'on' && j !== 'off' && j !== 'eager') { process.stderr.write('minipy: --jit is on, off or eager\n'); return 2; }
      jit = j;
    } else if (rest[i] === '--find-seed') {
      findSeed = true;
    } else args.push(rest[i]);
  }
  const file = args[0];
  if (!cmd || !file || !['run', 'dis', 'trace', 'timeline'].includes(cmd)) { process.stderr.write(USAGE + '\n'); return 2; }
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`minipy: can't open file '${path.resolve(file)}': [Errno 2] No such file or directory\n`);
    return 2;
  }
  const name = file;
  // An example's own `#!options` line (gil=off refcount=naive-racy seed=0 ...) applies unless a flag says otherwise.
  const declared = parseRunOptions(source);
  if (gil === undefined && declared.gil !== undefined) gil = declared.gil === 'on' || declared.gil === 'true';
  if (refcount === undefined && (declared.refcount === 'plain' || declared.refcount === 'naive-racy' || declared.refcount === 'biased')) refcount = declared.refcount;
  if (seed === undefined && /^\d+$/.test(declared.seed ?? '')) seed = Number(declared.seed);
  if (cores === undefined && /^\d+$/.test(declared.cores ?? '')) cores = Number(declared.cores);
  if (switchCheck === undefined && (declared.switchCheck === '3.11' || declared.switchCheck === '3.9')) switchCheck = declared.switchCheck;
  if (switchInterval === undefined && Number(declared.switchInterval) > 0) switchInterval = Number(declared.switchInterval);
  if (cmd === 'run') {
    const options = { maxSteps, maxHeapBytes, hostHeadroom: nodeHeadroom, argv: args.slice(1), switchInterval, switchCheck, gil, refcount, cores, jit };
    if (findSeed) {
      // Try seeds until a run goes wrong (a use-after-free, a leak, a deadlock), and say which.
      for (let s = seed ?? 0; s < (seed ?? 0) + 200; s++) {
        const r = runSource(source, name, { ...options, seed: s });
        if (/^minipy: (use-after-free|leak|deadlock)/m.test(r.stderr)) {
          process.stdout.write(`seed ${s} shows it:\n`);
          process.stderr.write(r.stderr);
          return 0;
        }
      }
      process.stdout.write('no seed in 200 shows a problem\n');
      return 1;
    }
    const r = runSource(source, name, { ...options, seed });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.exitCode;
  }
  if (cmd === 'timeline') {
    const t = timeline(source, name, { maxSteps, maxHeapBytes, hostHeadroom: nodeHeadroom, argv: args.slice(1), switchInterval, switchCheck, gil, refcount, cores, seed, jit });
    process.stdout.write(t.text);
    return t.exitCode;
  }
  if (cmd === 'dis') {
    const c = compile(source, name);
    if (!c.ok) { process.stderr.write(formatSyntaxError(c.error)); return 1; }
    process.stderr.write(formatWarnings(c.code.warnings ?? [], name, source)); // as `python3 -m dis` compiling it
    process.stdout.write(disassemble(c.code));
    return 0;
  }
  const s = Session.create(source, name, { maxHeapBytes, hostHeadroom: nodeHeadroom, switchInterval, switchCheck, gil, refcount, cores, seed });
  if (!s.ok) { process.stderr.write(formatSyntaxError(s.diagnostic)); return 1; }
  const limit = maxSteps ?? 10_000_000;
  const out: string[] = [];
  const flush = () => { if (out.length) { fs.writeSync(1, out.join('')); out.length = 0; } };
  for (let i = 0; i < limit; i++) {
    const p = s.session.position();
    const sig = s.session.stepInstruction();
    out.push(JSON.stringify({ step: p.step, thread: p.threadId, frame: p.frameId, depth: p.depth, line: p.line, lineStart: p.lineStart, ...(sig ? { signal: sig } : {}) }) + '\n');
    if (out.length >= 4096) flush();
    if (sig && (sig.kind === 'exited' || sig.kind === 'uncaught' || sig.kind === 'internal-error')) break;
  }
  flush();
  return 0;
}

process.exitCode = main(process.argv.slice(2));
