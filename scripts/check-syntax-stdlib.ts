/*
 * Second half of scripts/check-syntax-stdlib.py: compares our parser's trees
 * and syntax errors with the CPython results that script collected, and
 * prints a summary with the first differences.
 */

import * as fs from 'fs';
import { isDeepStrictEqual } from 'util';
import { parse } from '../src/vm/syntax/parser';
import { normalise } from '../test/unit/fixtures/syntax/normalise';

interface Cases {
  trees: { name: string; source: string; ast: unknown }[];
  mutants: { source: string; error: { type: string; msg: string; lineno: number; offset: number } }[];
}

function firstDiff(a: unknown, b: unknown, path: string): string | null {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return isDeepStrictEqual(a, b) ? null : `${path}: ours ${JSON.stringify(a)?.slice(0, 120)} / CPython ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    const d = firstDiff(x[k], y[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Cases;
let same = 0;
let outside = 0;
for (const t of cases.trees) {
  const r = parse(t.source, t.name);
  if (!r.ok) {
    if (r.error.type === 'NotSupported') outside++;
    console.log(`${t.name}: ${r.error.type}: ${r.error.msg}`);
    continue;
  }
  const d = firstDiff(normalise(r.module), normalise(t.ast), '');
  if (d === null) same++;
  else console.log(`${t.name}: ${d}`);
}
let agree = 0;
const shown: string[] = [];
for (const m of cases.mutants) {
  const r = parse(m.source, 'm.py');
  const got = r.ok ? 'parsed' : `${r.error.type}: ${r.error.msg} @${r.error.lineno}:${r.error.offset}`;
  const want = `${m.error.type}: ${m.error.msg} @${m.error.lineno}:${m.error.offset}`;
  if (got === want) agree++;
  else if (shown.length < 10) shown.push(`want ${want}\n got ${got}\n  in ${JSON.stringify(m.source).slice(0, 160)}`);
}
console.log(shown.join('\n'));
console.log(`modules: ${same}/${cases.trees.length} identical trees (${outside} outside minipy); `
  + `damaged snippets: ${agree}/${cases.mutants.length} identical errors`);
process.exitCode = same + outside === cases.trees.length ? 0 : 1;
