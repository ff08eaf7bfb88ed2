#!/usr/bin/env python3
"""Stress-check the minipy parser against the CPython that runs this script.

Not a unit test (it reads this machine's standard library, which the repo does
not ship): it parses every stdlib module that stays inside minipy's literals
with both Python's `ast` and ours and compares the trees, then damages random
stdlib snippets (a seeded character deletion, insertion or truncation) and
compares the SyntaxError both report.

    python3 scripts/check-syntax-stdlib.py [mutants=1500] [seed=7] [modules=400]
"""
import ast
import glob
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import textwrap
import warnings

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
spec = importlib.util.spec_from_file_location('gen', os.path.join(ROOT, 'scripts', 'gen-syntax-fixtures.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)
# Literals minipy reports as NotSupported, which would hide the comparison.
OUTSIDE = re.compile(r'''\b[bB][rR]?['"]|\b[rR][bB]['"]|\d[jJ]\b|\\N\{''')


def main():
    warnings.simplefilter('ignore')
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    stdlib = os.path.dirname(os.__file__)
    files = sorted(glob.glob(os.path.join(stdlib, '**', '*.py'), recursive=True))
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    trees, sources = [], []
    for f in files:
        # Keep the JSON handed to node well under V8's string limit.
        if len(trees) >= limit or os.path.getsize(f) > 150_000:
            continue
        try:
            src = open(f, encoding='utf-8').read()
            tree = ast.parse(src)
        except Exception:
            continue
        if OUTSIDE.search(src) or '\x0c' in src or any(ord(c) > 0xffff for c in src):
            continue
        try:
            d = gen.dump(tree, src.splitlines(keepends=True) + [''])
            json.dumps(d, allow_nan=False)
        except (TypeError, ValueError):
            continue
        trees.append({'name': f, 'source': src, 'ast': d})
        sources.append(src)
    noise = list('()[]{}:,=+-*/."\'#\\\n \tabcif0123') + ['if ', 'else', 'def ', 'lambda ', '    ', 'yield', 'f"{', '}']
    mutants = []
    while len(mutants) < count and sources:
        lines = rng.choice(sources).splitlines(keepends=True)
        if len(lines) < 5:
            continue
        i = rng.randrange(len(lines) - 3)
        snippet = textwrap.dedent(''.join(lines[max(0, i - 3):i + 6]))
        try:
            ast.parse(snippet)
        except SyntaxError:
            continue
        k = rng.randrange(len(snippet))
        op = rng.randrange(3)
        m = snippet[:k] + snippet[k + 1:] if op == 0 else snippet[:k] + rng.choice(noise) + snippet[k:] if op == 1 else snippet[:k]
        if any(ord(c) > 0x7f for c in m) or OUTSIDE.search(m) or re.search(r'\bmatch\b', m):
            continue
        try:
            ast.parse(m)
        except SyntaxError as e:
            mutants.append({'source': m, 'error': {'type': type(e).__name__, 'msg': e.msg, 'lineno': e.lineno, 'offset': e.offset}})
        except Exception:
            pass
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'cases.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump({'trees': trees, 'mutants': mutants}, f)
        r = subprocess.run(['npx', 'tsx', os.path.join('scripts', 'check-syntax-stdlib.ts'), path], cwd=ROOT)
    sys.exit(r.returncode)


if __name__ == '__main__':
    main()
