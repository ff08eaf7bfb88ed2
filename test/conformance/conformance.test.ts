/*
 * Conformance against CPython: every program under programs/<area>/ runs
 * in-process through runSource and must print exactly what CPython 3.11
 * printed (stdout, stderr with tracebacks, exit status), as recorded in its
 * .expected.json by scripts/gen-expected.js.
 *
 * known-failures.txt lists programs that do not conform yet, each with the
 * reason. They are still run, and the test fails if one starts passing, so
 * the list can only shrink honestly (a strict "expected failure").
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runSource } from '../../src/vm/index';

interface Expected { stdout: string; stderr: string; exitCode: number }

const ROOT = path.join(__dirname, 'programs');

function knownFailures(): Map<string, string> {
  const file = path.join(__dirname, 'known-failures.txt');
  const out = new Map<string, string>();
  if (!fs.existsSync(file)) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([^#\s][^\s]*)\s+(.*)$/.exec(line.trim());
    if (m) out.set(m[1], m[2]);
  }
  return out;
}

function programs(): string[] {
  const out: string[] = [];
  for (const area of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, area);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.minipy')) out.push(`${area}/${f.replace(/\.minipy$/, '')}`);
  }
  return out;
}

function conforms(name: string): { ok: boolean; detail: string } {
  const file = path.join(ROOT, `${name}.minipy`);
  const expectedFile = path.join(ROOT, `${name}.expected.json`);
  if (!fs.existsSync(expectedFile)) return { ok: false, detail: `no ${name}.expected.json: run node scripts/gen-expected.js` };
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as Expected;
  const r = runSource(fs.readFileSync(file, 'utf8'), path.basename(file), { maxSteps: 50_000_000 });
  const actual = { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  try {
    assert.deepEqual(actual, expected);
    return { ok: true, detail: '' };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}

describe('conformance with CPython 3.11', function () {
  this.timeout(60_000);
  const known = knownFailures();
  const all = programs();
  it('has programs and expected outputs', () => {
    assert.ok(all.length > 0, 'no conformance programs found');
    for (const k of known.keys()) assert.ok(all.includes(k), `known-failures.txt names ${k}, which does not exist`);
  });
  for (const name of all) {
    if (known.has(name)) {
      it(`${name} (known failure: ${known.get(name)})`, () => {
        const r = conforms(name);
        assert.ok(!r.ok, `${name} now conforms: remove it from test/conformance/known-failures.txt`);
      });
    } else {
      it(name, () => {
        const r = conforms(name);
        assert.ok(r.ok, r.detail);
      });
    }
  }
});
