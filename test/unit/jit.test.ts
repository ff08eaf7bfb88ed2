/*
 * The second tier (src/vm/interp/jit.ts): what it stands on (one stack depth per
 * instruction), when it translates, and that a run cut into slices anywhere is
 * still the same run (each slice's end is an exit from translated code).
 */

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compile, Program, runSource, type CodeObject } from '../../src/vm/index';
import { stackDepths } from '../../src/vm/interp/jit';
import { Op } from '../../src/vm/bytecode/opcodes';

const PROGRAMS = path.join(__dirname, '..', 'conformance', 'programs');

function codeObjects(code: CodeObject, out: CodeObject[] = []): CodeObject[] {
  out.push(code);
  for (const c of code.co_consts) if (c.kind === 'code') codeObjects(c.code, out);
  return out;
}

function compiled(source: string): CodeObject {
  const c = compile(source, 'test.py');
  assert.ok(c.ok, 'compiles');
  return c.code;
}

describe('second tier: stack depths', () => {
  it('gives every conformance program one depth per instruction, 1 at each return', () => {
    let checked = 0;
    for (const area of fs.readdirSync(PROGRAMS)) {
      for (const file of fs.readdirSync(path.join(PROGRAMS, area)).filter((f) => f.endsWith('.minipy'))) {
        const c = compile(fs.readFileSync(path.join(PROGRAMS, area, file), 'utf8'), file);
        if (!c.ok) continue; // the syntax-error programs
        for (const code of codeObjects(c.code)) {
          const depths = stackDepths(code); // throws where two paths disagree
          for (let i = 0; i < code.instrs.length; i++) {
            if ((code.instrs[i] & 0xff) === Op.RETURN_VALUE && depths[i] >= 0) assert.equal(depths[i], 1, `${file} ${code.co_qualname} @${i}`);
            assert.ok(depths[i] <= code.co_stacksize + 2, `${file} ${code.co_qualname} @${i}: depth ${depths[i]} over the frame's stack`);
          }
          checked++;
        }
      }
    }
    assert.ok(checked > 500, `only ${checked} code objects`);
  });
});

describe('second tier: when code is translated', () => {
  const src = 'def hot(x):\n    return x + 1\ndef once():\n    return 2\ndef looping():\n    t = 0\n    for i in range(100):\n        t += i\n    return t\n' +
    'for i in range(100):\n    hot(i)\nonce()\nlooping()\n';
  const functions = (code: CodeObject) => new Map(codeObjects(code).map((c) => [c.co_name, c]));

  it('translates a function called often, and one that loops, but not one run once', () => {
    const code = compiled(src);
    const p = new Program(code, src, 'test.py', {});
    assert.equal(p.run(Infinity).kind, 'finished');
    const fns = functions(code);
    assert.notEqual(fns.get('hot')?.jit, null);
    assert.notEqual(fns.get('looping')?.jit, null);
    assert.equal(fns.get('once')?.jit, null);
    assert.notEqual(fns.get('<module>')?.jit, null, 'the module loops 100 times');
  });

  it('translates nothing with the second tier off', () => {
    const code = compiled(src);
    const p = new Program(code, src, 'test.py', { jit: 'off' });
    assert.equal(p.run(Infinity).kind, 'finished');
    for (const c of codeObjects(code)) assert.equal(c.jit, null, c.co_name);
  });
});

describe('second tier: a run cut into slices is the same run', () => {
  // Every slice ends where the fuel runs out, so translated code exits at every kind of instruction.
  const src = fs.readFileSync(path.join(PROGRAMS, 'hot_code', 'generators_driven.minipy'), 'utf8') +
    fs.readFileSync(path.join(PROGRAMS, 'hot_code', 'exceptions_through_calls.minipy'), 'utf8').replace(/^last\(\).*$/m, '');
  const whole = runSource(src, 'test.py', { jit: 'off' });

  for (const slice of [1, 7, 100]) {
    it(`in slices of ${slice} instructions, every code translated at once`, () => {
      const p = new Program(compiled(src), src, 'test.py', { jit: 'eager' });
      let out;
      let runs = 0;
      do { out = p.run(slice); runs++; } while (out.kind === 'budget');
      assert.equal(out.kind, 'finished');
      assert.equal(p.rt.stdout.join(''), whole.stdout);
      assert.equal(p.totalSteps(), whole.steps);
      // (a nested run, native code running Python, is not cut short: some slices run longer)
      assert.ok(runs >= whole.steps / slice / 10, `${runs} runs for ${whole.steps} steps`);
    });
  }
});
