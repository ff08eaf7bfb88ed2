#!/usr/bin/env python3
"""Compile every program in test/unit/fixtures/compiler/programs with CPython 3.11
and record, per code object, what the compiler test compares: opnames (CACHE
dropped, unspecialised), variable/name/constant tables and co_stacksize."""
import dis, io, json, os, re, symtable, sys, types, warnings

warnings.simplefilter('ignore')

SCOPES = {1: 'LOCAL', 2: 'GLOBAL_EXPLICIT', 3: 'GLOBAL_IMPLICIT', 4: 'FREE', 5: 'CELL'}


def tables(t, out):
    """Each symbol table (pre-order) with the scope CPython resolved for every name."""
    out.append({
        'name': t.get_name(), 'type': t.get_type(),
        'symbols': {s.get_name(): SCOPES[s._Symbol__scope] for s in t.get_symbols()},
    })
    for c in t.get_children():
        tables(c, out)
    return out

HERE = os.path.join(os.path.dirname(__file__), '..', 'test', 'unit', 'fixtures', 'compiler')


def const_repr(c):
    if isinstance(c, types.CodeType):
        return '<code %s>' % c.co_qualname
    if isinstance(c, tuple):
        return '(' + ', '.join(const_repr(x) for x in c) + (',)' if len(c) == 1 else ')')
    return repr(c)


def walk(code, out):
    out.append({
        'qualname': code.co_qualname,
        'opnames': [i.opname for i in dis.get_instructions(code) if i.opname != 'CACHE'],
        # (line, end line, col, end col) per instruction, None where CPython has none.
        'positions': [list(i.positions) for i in dis.get_instructions(code) if i.opname != 'CACHE'],
        'varnames': list(code.co_varnames),
        'cellvars': list(code.co_cellvars),
        'freevars': list(code.co_freevars),
        'names': list(code.co_names),
        'consts': [const_repr(c) for c in code.co_consts],
        'stacksize': code.co_stacksize,
        'flags': code.co_flags,
        'argcount': code.co_argcount,
        'kwonlyargcount': code.co_kwonlyargcount,
    })
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            walk(c, out)


DIS_TEXT = ['03-if.py', '05-for.py', '13-try-except.py', '16-with.py', '19-fstring.py',
            '20-chained-compare.py', '07-closure.py', '17-generator.py', '39-module-flow.py',
            '08-class.py', '46-gen-send.py', '64-nested-try-break.py', '65-async-more.py', '70-with-in-loop-continue.py',
            '24-star-literals.py', '43-star-call-kw.py', '33-return-in-finally-loop.py']


def main():
    assert sys.version_info[:2] == (3, 11), 'needs CPython 3.11'
    progs = os.path.join(HERE, 'programs')
    result = {}
    for name in sorted(os.listdir(progs)):
        src = open(os.path.join(progs, name)).read()
        codes = []
        walk(compile(src, name, 'exec'), codes)
        result[name] = codes
    # Full dis.dis text for a few programs (addresses masked), for the layout test.
    out = {}
    for name in DIS_TEXT:
        src = open(os.path.join(progs, name)).read()
        buf = io.StringIO()
        dis.dis(compile(src, name, 'exec'), file=buf)
        out[name] = re.sub(r'0x[0-9a-f]+', '0x?', buf.getvalue())
    with open(os.path.join(HERE, 'dis-text.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    # The syntax stage's corpus of good snippets: opnames per code object (NOP dropped), or the error.
    good = json.load(open(os.path.join(HERE, '..', 'syntax', 'good.expected.json')))
    ops = []
    for item in good:
        try:
            acc = []
            walk(compile(item['source'], 'x.py', 'exec'), acc)
            ops.append({'name': item['name'], 'source': item['source'],
                        'ops': [[o for o in c['opnames'] if o not in ('NOP', 'EXTENDED_ARG')] for c in acc]})
        except SyntaxError as e:
            ops.append({'name': item['name'], 'source': item['source'], 'error': e.msg})
    with open(os.path.join(HERE, 'syntax-corpus-ops.json'), 'w') as f:
        json.dump(ops, f, indent=0)
        f.write('\n')
    syms = {}
    for name in sorted(os.listdir(progs)):
        syms[name] = tables(symtable.symtable(open(os.path.join(progs, name)).read(), name, 'exec'), [])
    with open(os.path.join(HERE, 'symtables.json'), 'w') as f:
        json.dump(syms, f, indent=1)
        f.write('\n')
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


main()
