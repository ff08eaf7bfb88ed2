/*
 * str.format: replacement fields with automatic or explicit numbering,
 * keyword names, attribute and index access, !r/!s/!a conversions and nested
 * fields inside the format spec, with CPython's error texts.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';
import { E, raise, raiseKeyError } from './exceptions';
import { getItem } from './ops';
import { asciiRepr, repr, str } from './repr';
import { format } from './format';
import { hooks } from './hooks';

interface State { auto: number; manual: boolean; autoUsed: boolean }

function lookupField(rt: Runtime, field: string, pos: PyValue[], kwnames: readonly string[], kwvals: PyValue[], st: State): PyValue {
  const m = /^([^.[]*)(.*)$/.exec(field)!;
  const head = m[1];
  let rest = m[2];
  let v: PyValue;
  const owned: PyValue[] = [];
  if (head === '' || /^\d+$/.test(head)) {
    let idx: number;
    if (head === '') {
      if (st.manual) raise(rt, E.ValueError, 'cannot switch from manual field specification to automatic field numbering');
      st.autoUsed = true;
      idx = st.auto++;
    } else {
      if (st.autoUsed) raise(rt, E.ValueError, 'cannot switch from automatic field numbering to manual field specification');
      st.manual = true;
      idx = parseInt(head, 10);
    }
    if (idx >= pos.length) raise(rt, E.IndexError, `Replacement index ${idx} out of range for positional args tuple`);
    v = pos[idx];
  } else {
    const k = kwnames.indexOf(head);
    if (k < 0) raiseKeyError(rt, head);
    v = kwvals[k];
  }
  try {
    while (rest !== '') {
      if (rest[0] === '.') {
        const mm = /^\.([^.[]*)/.exec(rest)!;
        if (mm[1] === '') raise(rt, E.ValueError, 'Empty attribute in format string');
        if (hooks.getAttr === null) raise(rt, E.NotImplementedError, 'attribute access in str.format');
        v = hooks.getAttr(rt, v, mm[1]);
        owned.push(v);
        rest = rest.slice(mm[0].length);
      } else if (rest[0] === '[') {
        const end = rest.indexOf(']');
        if (end < 0) raise(rt, E.ValueError, "Missing ']' in format string");
        const key = rest.slice(1, end);
        v = getItem(rt, v, /^\d+$/.test(key) ? parseInt(key, 10) : key);
        owned.push(v);
        rest = rest.slice(end + 1);
        if (rest !== '' && rest[0] !== '.' && rest[0] !== '[') raise(rt, E.ValueError, 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
      } else {
        raise(rt, E.ValueError, 'Only \'.\' or \'[\' may follow \']\' in format field specifier');
      }
    }
    if (typeof v === 'object') v.rc++;
    return v;
  } finally {
    for (const o of owned) rt.decref(o);
  }
}

function render(rt: Runtime, fmt: string, pos: PyValue[], kwnames: readonly string[], kwvals: PyValue[], st: State, depth: number): string {
  if (depth > 2) raise(rt, E.ValueError, 'Max string recursion exceeded');
  let out = '';
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const c = fmt[i];
    if (c === '{') {
      if (fmt[i + 1] === '{') { out += '{'; i += 2; continue; }
      if (i + 1 >= n) raise(rt, E.ValueError, "Single '{' encountered in format string");
      // find the matching '}' allowing nested {} in the spec
      let j = i + 1;
      let level = 1;
      while (j < n) {
        if (fmt[j] === '{') level++;
        else if (fmt[j] === '}') { level--; if (level === 0) break; }
        j++;
      }
      if (j >= n) raise(rt, E.ValueError, "expected '}' before end of string");
      const inner = fmt.slice(i + 1, j);
      i = j + 1;
      // field [!conv] [:spec]
      let k = 0;
      let bracket = false;
      while (k < inner.length) {
        const ch = inner[k];
        if (ch === '[') bracket = true;
        else if (ch === ']') bracket = false;
        else if (!bracket && (ch === '!' || ch === ':')) break;
        k++;
      }
      const field = inner.slice(0, k);
      let conv = '';
      let spec = '';
      if (inner[k] === '!') {
        conv = inner[k + 1] ?? '';
        if (k + 2 < inner.length && inner[k + 2] !== ':') raise(rt, E.ValueError, "expected ':' after conversion specifier");
        if (k + 1 >= inner.length) raise(rt, E.ValueError, 'end of string while looking for conversion specifier');
        k += 2;
      }
      if (inner[k] === ':') spec = inner.slice(k + 1);
      // the field's own argument is numbered before the nested fields of its spec
      const v = lookupField(rt, field, pos, kwnames, kwvals, st);
      try {
        if (spec.includes('{')) spec = render(rt, spec, pos, kwnames, kwvals, st, depth + 1);
        let target: PyValue = v;
        if (conv === 'r') target = repr(rt, v);
        else if (conv === 'a') target = asciiRepr(rt, v);
        else if (conv === 's') target = str(rt, v);
        else if (conv !== '') raise(rt, E.ValueError, `Unknown conversion specifier ${conv}`);
        out += format(rt, target, spec);
      } finally {
        rt.decref(v);
      }
      continue;
    }
    if (c === '}') {
      if (fmt[i + 1] === '}') { out += '}'; i += 2; continue; }
      raise(rt, E.ValueError, "Single '}' encountered in format string");
    }
    const next = fmt.slice(i).search(/[{}]/);
    if (next < 0) { out += fmt.slice(i); break; }
    out += fmt.slice(i, i + next);
    i += next;
  }
  return out;
}

/** fmt.format(*pos, **kw). */
export function strFormat(rt: Runtime, fmt: string, pos: PyValue[], kwnames: readonly string[], kwvals: PyValue[]): string {
  return render(rt, fmt, pos, kwnames, kwvals, { auto: 0, manual: false, autoUsed: false }, 0);
}
