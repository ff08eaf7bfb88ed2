#!/usr/bin/env python3
"""Generate the syntax stage's differential fixtures from CPython itself.

Reads test/unit/fixtures/syntax/good.txt and bad.txt (snippets separated by
lines "#### name") and writes, next to them:
  good.expected.json  Python's `ast` of each snippet (node names, fields, positions)
  bad.expected.json   the SyntaxError CPython raises for each snippet (type, msg,
                      lineno, offset, end_lineno, end_offset) and the exact stderr
                      of `python3 bad.py`.
  mutants.expected.json  seeded random damage (a character deleted or inserted, or
                      the text cut short) applied to the good snippets, with the
                      error ast.parse reports (parser errors only: compile()'s
                      symtable/compiler errors such as 'break' outside loop belong
                      to the compiler stage).
Run with the python3 the project targets (CPython 3.11.7): python3 scripts/gen-syntax-fixtures.py
"""
import ast
import io
import json
import tokenize
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'unit', 'fixtures', 'syntax')
SKIP_FIELDS = {'type_comment', 'type_ignores', 'kind'}


def read_snippets(name):
    with open(os.path.join(HERE, name), encoding='utf-8', newline='') as f:
        text = f.read()
    out = []
    cur = None
    for line in text.splitlines(keepends=True):
        if line.startswith('#### '):
            cur = [line[5:].strip(), '']
            out.append(cur)
        elif cur is not None:
            cur[1] += line
    return [(n, s) for n, s in out]


def const(v):
    if v is None:
        return {'kind': 'None'}
    if v is Ellipsis:
        return {'kind': 'Ellipsis'}
    if isinstance(v, bool):
        return {'kind': 'bool', 'value': v}
    if isinstance(v, int):
        # Beyond 2**53 JSON numbers lose digits: keep them as decimal strings.
        return {'kind': 'int', 'value': v if abs(v) <= 2**53 - 1 else str(v)}
    if isinstance(v, float):
        return {'kind': 'float', 'value': v}
    if isinstance(v, str):
        return {'kind': 'str', 'value': v}
    raise TypeError(type(v))


def utf16_col(lines, lineno, byte_col):
    """Python's ast counts UTF-8 bytes in col_offset; minipy counts UTF-16 code units (JS strings)."""
    line = lines[lineno - 1].encode('utf-8')[:byte_col].decode('utf-8', 'replace')
    return len(line.encode('utf-16-le')) // 2


def dump(node, lines):
    if isinstance(node, list):
        return [dump(x, lines) for x in node]
    if not isinstance(node, ast.AST):
        return node
    if isinstance(node, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)):
        return type(node).__name__
    out = {'_type': type(node).__name__}
    for f in node._fields:
        if f in SKIP_FIELDS:
            continue
        v = getattr(node, f, None)
        if isinstance(node, ast.Constant) and f == 'value':
            out[f] = const(v)
        elif f in ('is_async', 'simple'):
            out[f] = bool(v)
        else:
            out[f] = dump(v, lines)
    for a in ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'):
        if hasattr(node, a):
            out[a] = getattr(node, a)
    if 'col_offset' in out:
        out['col_offset'] = utf16_col(lines, out['lineno'], out['col_offset'])
        out['end_col_offset'] = utf16_col(lines, out['end_lineno'], out['end_col_offset'])
    return out


def tokens(src):
    """Python's tokenize stream without the tokens minipy does not produce (comments, NL, encoding)."""
    out = []
    for t in tokenize.generate_tokens(io.StringIO(src).readline):
        name = tokenize.tok_name[t.type]
        if name in ('COMMENT', 'NL', 'ENCODING'):
            continue
        if name in ('NAME', 'NUMBER', 'STRING', 'OP'):
            out.append([name, t.string, t.start[0], t.start[1]])
        else:
            out.append([name])
    return out


def main():
    good = []
    for name, src in read_snippets('good.txt'):
        good.append({'name': name, 'source': src, 'ast': dump(ast.parse(src), src.splitlines(keepends=True) + ['']), 'tokens': tokens(src)})
    with open(os.path.join(HERE, 'good.expected.json'), 'w', encoding='utf-8') as f:
        json.dump(good, f, indent=1, ensure_ascii=False)
        f.write('\n')

    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in read_snippets('bad.txt'):
            try:
                compile(src, 'bad.py', 'exec')
            except SyntaxError as e:
                err = {'type': type(e).__name__, 'msg': e.msg, 'lineno': e.lineno, 'offset': e.offset,
                       'end_lineno': e.end_lineno, 'end_offset': e.end_offset}
            else:
                err = None
            with open(os.path.join(tmp, 'bad.py'), 'w', encoding='utf-8') as f:
                f.write(src)
            r = subprocess.run([sys.executable, 'bad.py'], cwd=tmp, capture_output=True, text=True)
            # python3 prints the script's absolute path; the fixture uses the bare name.
            bad.append({'name': name, 'source': src, 'error': err, 'stderr': r.stderr.replace(tmp + os.sep, '')})
    with open(os.path.join(HERE, 'bad.expected.json'), 'w', encoding='utf-8') as f:
        json.dump(bad, f, indent=1, ensure_ascii=False)
        f.write('\n')
    rng = random.Random(20261122)
    noise = list('()[]{}:,=+-*/."\'#\\\n \tabcif0123') + ['if ', 'else', 'def ', 'lambda ', '    ', 'yield',
                                                           'f"{', '}', 'not ', ' in ', 'for ', 'import ']
    mutants = []
    for g in good:
        src = g['source']
        if not src:
            continue
        for _ in range(4):
            k = rng.randrange(len(src))
            op = rng.randrange(3)
            if op == 0:
                m = src[:k] + src[k + 1:]
            elif op == 1:
                m = src[:k] + rng.choice(noise) + src[k:]
            else:
                m = src[:k]
            if any(ord(c) > 0x7f for c in m):
                continue
            try:
                ast.parse(m)
            except SyntaxError as e:
                mutants.append({'name': g['name'], 'source': m, 'error': {
                    'type': type(e).__name__, 'msg': e.msg, 'lineno': e.lineno, 'offset': e.offset}})
            except (ValueError, MemoryError, RecursionError):
                pass
    with open(os.path.join(HERE, 'mutants.expected.json'), 'w', encoding='utf-8') as f:
        json.dump(mutants, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print(f'{len(good)} good, {len(bad)} bad snippets, {len(mutants)} mutants')


if __name__ == '__main__':
    main()
