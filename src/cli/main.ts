/*
 * The `minipy` command: `run FILE` prints what python3 would print (exit
 * status 1 on an uncaught exception), `dis FILE` prints CPython's dis layout,
 * `trace FILE` prints one JSON line per instruction (position and signals),
 * for tools and tests.
 */

import * as fs from 'fs';
import * as path from 'path';
import { runSource, compile, Session } from '../vm/index';
import { disassemble } from '../vm/bytecode/dis';
import { formatSyntaxError } from '../vm/syntax/index';

const USAGE = `usage: minipy run [--max-steps N] [--switch-interval SECONDS] [--switch-check 3.11|3.9] FILE [ARGS...]
       minipy dis FILE
       minipy trace [--max-steps N] [--switch-interval SECONDS] [--switch-check 3.11|3.9] FILE`;

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  let maxSteps: number | undefined;
  let switchInterval: number | undefined;
  let switchCheck: '3.11' | '3.9' | undefined;
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (args.length > 0) { args.push(rest[i]); continue; } // after FILE everything is the program's sys.argv
    if (rest[i] === '--max-steps') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n <= 0) { process.stderr.write('minipy: --max-steps takes a positive whole number\n'); return 2; }
      maxSteps = n;
    } else if (rest[i] === '--switch-interval') {
      const s = Number(rest[++i]);
      if (!(s > 0)) { process.stderr.write('minipy: --switch-interval takes a positive number of seconds\n'); return 2; }
      switchInterval = s;
    } else if (rest[i] === '--switch-check') {
      const c = rest[++i];
      if (c !== '3.11' && c !== '3.9') { process.stderr.write('minipy: --switch-check is 3.11 or 3.9\n'); return 2; }
      switchCheck = c;
    } else args.push(rest[i]);
  }
  const file = args[0];
  if (!cmd || !file || !['run', 'dis', 'trace'].includes(cmd)) { process.stderr.write(USAGE + '\n'); return 2; }
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`minipy: can't open file '${path.resolve(file)}': [Errno 2] No such file or directory\n`);
    return 2;
  }
  const name = file;
  if (cmd === 'run') {
    const r = runSource(source, name, { maxSteps, argv: args.slice(1), switchInterval, switchCheck });
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.exitCode;
  }
  if (cmd === 'dis') {
    const c = compile(source, name);
    if (!c.ok) { process.stderr.write(formatSyntaxError(c.error)); return 1; }
    process.stdout.write(disassemble(c.code));
    return 0;
  }
  const s = Session.create(source, name, { switchInterval, switchCheck });
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
