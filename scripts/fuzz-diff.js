#!/usr/bin/env node
/*
 * Differential fuzzing against CPython: generates many small expressions over
 * the built-in functions, operators and methods the contract lists, each in
 * its own try/except that prints the result's repr or the exception's type
 * and message, runs the same file under python3 and under minipy, and prints
 * the expressions whose lines differ. A finding is a bug in minipy (CPython
 * is right), or a construct outside the contract to leave out of the pool.
 *
 *   node scripts/fuzz-diff.js [count=2000] [seed=1]
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const count = Number(process.argv[2] || 2000);
let seed = Number(process.argv[3] || 1);
function rand(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
const pick = (xs) => xs[rand(xs.length)];

const VALUES = ['0', '1', '-1', '7', '2**70', '-(2**64)', '1.5', '-0.0', '0.1', "float('inf')", "float('nan')", '1e300',
  "'abc'", "''", "'a b  c '", "'ß'", "'ÅΩ'", '[1, 2, 3]', '[]', "['b', 'a']", '(1,)', '()', '(1, 2)', '{1: 2}', '{}', "{'a': 1}",
  '{1, 2}', 'set()', 'None', 'True', 'False', 'range(3)', 'range(1, 10, 3)', '3', '-7', '10', '2'];
const UNARY = ['len', 'abs', 'int', 'float', 'str', 'repr', 'bool', 'list', 'tuple', 'set', 'dict', 'min', 'max', 'sum', 'sorted',
  'round', 'chr', 'ord', 'hex', 'oct', 'bin', 'any', 'all', 'hash', 'ascii', 'type', 'iter'];
const BINARY_FN = ['divmod', 'pow', 'round', 'isinstance', 'format', 'min', 'max', 'int', 'getattr', 'zip', 'enumerate', 'range'];
const OPS = ['+', '-', '*', '/', '//', '%', '**', '<', '<=', '==', '!=', 'in', 'not in', '&', '|', '^', '<<', '>>', 'is', 'and', 'or'];
const UOPS = ['-', '+', '~', 'not '];
const METHODS = {
  str: ['split', 'strip', 'upper', 'lower', 'replace', 'startswith', 'endswith', 'find', 'join', 'isdigit', 'center', 'ljust', 'rjust',
    'count', 'index', 'title', 'zfill', 'partition', 'rsplit', 'lstrip', 'rstrip', 'format', 'capitalize', 'swapcase', 'isalpha', 'splitlines'],
  list: ['index', 'count', 'copy', 'pop', 'append', 'insert', 'remove', 'extend', 'sort', 'reverse', 'clear'],
  dict: ['get', 'keys', 'values', 'items', 'pop', 'setdefault', 'update', 'copy', 'popitem'],
  set: ['union', 'intersection', 'difference', 'add', 'discard', 'remove', 'issubset', 'symmetric_difference', 'pop'],
};
const STRS = ["'abc'", "'a b  c '", "''", "'x,y,,z'", "'  pad '", "'Hello World'", "'12'"];
const LISTS = ['[3, 1, 2]', '[]', "['b', 'a']", '[1, [2]]'];
const DICTS = ['{1: 2}', '{}', "{'a': 1, 'b': 2}"];
const SETS = ['{1, 2}', 'set()', "{'a'}"];

function value() { return pick(VALUES); }
function expr() {
  switch (rand(7)) {
    case 0: return `${pick(UNARY)}(${value()})`;
    case 1: return `${pick(BINARY_FN)}(${value()}, ${value()})`;
    case 2: return `${value()} ${pick(OPS)} ${value()}`;
    case 3: return `${pick(UOPS)}${value()}`;
    case 4: return `${value()}[${pick(['0', '-1', '1:', '::-1', '1:2', "'a'", '5', ':-1'])}]`;
    case 5: {
      const kind = pick(Object.keys(METHODS));
      const recv = pick({ str: STRS, list: LISTS, dict: DICTS, set: SETS }[kind]);
      const n = rand(3);
      const args = Array.from({ length: n }, value).join(', ');
      return `(${recv}).${pick(METHODS[kind])}(${args})`;
    }
    default: return `${pick(['list', 'sorted', 'tuple'])}(${pick(['zip', 'enumerate', 'map', 'filter', 'reversed'])}(${pick(['str', 'abs', 'None', '[1, 2]', "'ab'"])}, ${value()}))`;
  }
}

const exprs = Array.from({ length: count }, expr);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-fuzz-'));
const env = { ...process.env, PYTHONHASHSEED: '0' };
const run = (cmd, args) => {
  try { return execFileSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] }); }
  catch (e) { return (e.stdout || '') + '<exit ' + e.status + '> ' + String(e.stderr || '').trim().split('\n').pop() + '\n'; }
};
// Chunks, so one crash (an internal error ends the run) hides at most its own chunk's tail.
const CHUNK = 100;
let diffs = 0;
for (let start = 0; start < exprs.length; start += CHUNK) {
  const part = exprs.slice(start, start + CHUNK);
  const lines = [];
  for (const e of part) lines.push('try:', `    print(repr(${e}))`, 'except Exception as e:', "    print(type(e).__name__ + ':', e)");
  const file = path.join(dir, `fuzz-${start}.py`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const py = run('python3', ['-W', 'ignore', file]).split('\n');
  const mp = run(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'run', file]).split('\n');
  for (let i = 0; i < part.length; i++) {
    if (py[i] === mp[i]) continue;
    diffs++;
    console.log(`${part[i]}\n    python3: ${py[i]}\n    minipy:  ${mp[i]}`);
    if (mp[i] === undefined || mp[i].startsWith('<exit')) break; // the rest of this chunk did not run
  }
}
console.log(`${diffs} of ${exprs.length} expressions differ (seed ${process.argv[3] || 1})`);
if (process.env.KEEP) console.log('kept', dir); else fs.rmSync(dir, { recursive: true, force: true });
