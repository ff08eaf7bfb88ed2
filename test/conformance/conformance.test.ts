/*
 * Conformance with CPython 3.11: each programs/<area>/NAME.minipy runs
 * in-process through runSource and must print exactly what CPython printed
 * (stdout, stderr, exit status), as recorded in NAME.expected.json by
 * scripts/gen-expected.js. One mocha test per program, named area/NAME.
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runSource } from '../../src/vm/index';

interface Outcome { stdout: string; stderr: string; exitCode: number }

const ROOT = path.join(__dirname, 'programs');
const MAX_STEPS = 50_000_000;

/** area/NAME of every program, sorted. */
function listPrograms(): string[] {
  const names: string[] = [];
  for (const area of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, area);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      if (file.endsWith('.minipy')) names.push(`${area}/${file.slice(0, -'.minipy'.length)}`);
    }
  }
  return names;
}

function readExpected(file: string): Outcome {
  const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const o = data as Partial<Outcome>;
  if (typeof o.stdout !== 'string' || typeof o.stderr !== 'string' || typeof o.exitCode !== 'number') {
    throw new Error(`${file}: not { stdout, stderr, exitCode }`);
  }
  return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode };
}

/** One text per outcome, so a failure shows a single line-by-line diff of all three parts. */
function render(o: Outcome): string {
  return `exit status: ${o.exitCode}\n----- stdout -----\n${o.stdout}\n----- stderr -----\n${o.stderr}\n`;
}

/** known-failures.txt: `area/NAME reason...` per line; '#' starts a comment. */
function knownFailures(): Map<string, string> {
  const file = path.join(__dirname, 'known-failures.txt');
  const out = new Map<string, string>();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([^#\s]\S*)\s+(.+)$/.exec(line.trim());
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

describe('conformance with CPython 3.11', function () {
  this.timeout(60_000);
  const names = listPrograms();

  it('finds programs, each with its expected output', () => {
    assert.ok(names.length > 0, `no programs under ${ROOT}`);
    const missing = names.filter((n) => !fs.existsSync(path.join(ROOT, `${n}.expected.json`)));
    assert.deepEqual(missing, [], 'run node scripts/gen-expected.js for these');
  });

  const known = knownFailures();
  it('lists only existing programs as known failures', () => {
    for (const k of known.keys()) assert.ok(names.includes(k), `known-failures.txt names ${k}, which does not exist`);
  });

  for (const name of names) {
    const reason = known.get(name);
    it(reason === undefined ? name : `${name} (known failure: ${reason})`, () => {
      const source = fs.readFileSync(path.join(ROOT, `${name}.minipy`), 'utf8');
      const expected = readExpected(path.join(ROOT, `${name}.expected.json`));
      let actual: Outcome;
      try {
        const r = runSource(source, `${path.basename(name)}.minipy`, { maxSteps: MAX_STEPS });
        actual = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      } catch (e) {
        const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
        assert.fail(`runSource threw instead of returning a result: ${detail}`);
      }
      if (reason !== undefined) {
        // A strict expected failure: passing means the list must shrink.
        assert.notEqual(render(actual), render(expected), `${name} now conforms: remove it from test/conformance/known-failures.txt`);
        return;
      }
      assert.equal(render(actual), render(expected), `${name}.minipy differs from CPython 3.11`);
    });
  }
});

// Collecting after every container allocation must change no program's output, except
// for programs that observe the collector itself (they import gc). The second tier
// translates every code object at its first run here, so it meets every program too.
describe('conformance under gc stress (a collection after every allocation, every code translated)', function () {
  this.timeout(120_000);
  const known = knownFailures();
  for (const name of listPrograms()) {
    const source = fs.readFileSync(path.join(ROOT, `${name}.minipy`), 'utf8');
    if (known.has(name) || /^\s*(import gc|from gc )/m.test(source)) continue;
    it(name, () => {
      const expected = readExpected(path.join(ROOT, `${name}.expected.json`));
      const r = runSource(source, `${path.basename(name)}.minipy`, { maxSteps: MAX_STEPS, gcStress: true, jit: 'eager' });
      assert.equal(render({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }), render(expected), `${name}.minipy changed under gc stress`);
    });
  }
});

// The second tier (src/vm/interp/jit.ts) must be the same run as the eval loop: the same
// output and the same number of instructions, which is what the virtual clock, thread
// switches and step-back replays stand on.
describe('the second tier changes no run (every code translated at once, against none)', function () {
  this.timeout(120_000);
  const known = knownFailures();
  for (const name of listPrograms()) {
    if (known.has(name)) continue;
    it(name, () => {
      const source = fs.readFileSync(path.join(ROOT, `${name}.minipy`), 'utf8');
      const file = `${path.basename(name)}.minipy`;
      const off = runSource(source, file, { maxSteps: MAX_STEPS, jit: 'off' });
      const eager = runSource(source, file, { maxSteps: MAX_STEPS, jit: 'eager' });
      assert.equal(render(eager), render(off), `${name}.minipy prints differently when translated`);
      assert.equal(eager.steps, off.steps, `${name}.minipy runs a different number of instructions when translated`);
    });
  }
});
