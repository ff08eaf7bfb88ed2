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

describe('conformance with CPython 3.11', function () {
  this.timeout(60_000);
  const names = listPrograms();

  it('finds programs, each with its expected output', () => {
    assert.ok(names.length > 0, `no programs under ${ROOT}`);
    const missing = names.filter((n) => !fs.existsSync(path.join(ROOT, `${n}.expected.json`)));
    assert.deepEqual(missing, [], 'run node scripts/gen-expected.js for these');
  });

  for (const name of names) {
    it(name, () => {
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
      assert.equal(render(actual), render(expected), `${name}.minipy differs from CPython 3.11`);
    });
  }
});
