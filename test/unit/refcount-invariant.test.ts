/*
 * The promise behind every refcount minipy shows: after each instruction, each
 * live object's count equals the number of references found by walking all
 * roots (frames' locals and stacks, the thread, the session) and all objects.
 * A count we cannot explain by a holder would be a count we made up.
 */

import { strict as assert } from 'assert';
import { Session } from '../../src/vm/index';

const PROGRAMS: Record<string, string> = {
  aliases: 'a = []\nb = a\nc = [a, a]\nd = {"k": a, "t": (a,)}\ndel c\nb = None\n',
  calls: 'def f(x, *args, **kw):\n    y = [x, args, kw]\n    return y\nr = f([1], 2, 3, k=[4])\nprint(len(r))\n',
  classes: 'class A:\n    k = []\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\nobjs = [A([i]) for i in range(3)]\nprint(sum(len(o.get()) for o in objs))\n',
  closures: 'def outer():\n    items = []\n    def add(x):\n        items.append(x)\n        return items\n    return add\nf = outer()\nf(1); f([2])\n',
  exceptions: 'def g():\n    try:\n        raise ValueError([1, 2])\n    except ValueError as e:\n        return e.args\nprint(g())\ntry:\n    {}[(1, 2)]\nexcept KeyError as e:\n    k = e\n',
  generators: 'def gen(n):\n    buf = []\n    for i in range(n):\n        buf.append(i)\n        yield buf\nfor b in gen(3):\n    pass\nx = list(gen(2))\n',
  finalizers: 'class N:\n    def __init__(self, c=None):\n        self.c = c\n    def __del__(self):\n        print("del")\nn = N(N(N()))\nn = None\nl = [N(), N()]\nl.pop()\nl.clear()\n',
  comprehensions: 'xs = [[i] * 2 for i in range(4)]\nd = {i: xs[i] for i in range(4)}\ns = {len(v) for v in d.values()}\nt = tuple(v[0] for v in xs)\n',
  with_stmt: 'class R:\n    def __enter__(self):\n        return [self]\n    def __exit__(self, *a):\n        return True\nwith R() as r:\n    raise KeyError("x")\nprint(len(r))\n',
  module_names: 'x = []\nfor i in range(3):\n    x = x + [i]\n    y = x\nclass A:\n    z = x\n    x = [x]\ndel y\nf = 0.5\nf = f * 2 + 1\nif x: print(len(A.x), f)\n',
  constants: 't = (1, (2, 3.5))\ndef f(a=(4, 5)):\n    return (1, (2, 3.5)), a\nu = f()\nfor x in [(6,), (7,)]:\n    pass\nclass C:\n    k = (1, (2, 3.5))\n',
  hot_paths: 'class P:\n    def __init__(self, x):\n        self.x = x\n    def get(self):\n        return self.x\nd = {}\nl = []\nfor i in range(6):\n    p = P([i])\n    d[i] = p\n    d["k"] = p.get()\n    l.append((p, p.x))\n    a, b = l[-1]\n    l[0] = b\n    if i in d and p.x:\n        s = "a" + str(i)\n    del p\n',
  iterator_results: 'd = {1: [1], 2: [2], 3: [3]}\nfor t in d.items():\n    x = t\nfor i, v in enumerate([[0], [1]]):\n    y = v\nz = list(zip([[1]], [[2]]))\nit = iter(d.items())\na = next(it)\ndel it\n',
  strings_and_slices: 'l = list(range(10))\nm = l[2:5]\nl[1:3] = [[0]]\ns = "-".join(str(i) for i in m)\nprint(s, l[1])\n',
};

describe('refcount invariant: count == holders after every instruction', function () {
  this.timeout(60_000);
  // In the eval loop, and with every code object translated by the second tier (jit.ts) at its first run.
  for (const [name, src] of Object.entries(PROGRAMS)) for (const jit of ['off', 'eager'] as const) {
    it(`${name} (second tier ${jit})`, () => {
      const r = Session.create(src, `${name}.py`, { jit });
      assert.ok(r.ok, 'program compiles');
      const s = r.session;
      let checked = 0;
      for (let i = 0; i < 5000; i++) {
        const sig = s.stepInstruction();
        const snap = s.snapshot();
        for (const o of snap.heap) {
          assert.equal(o.refcount, o.holders.length,
            `step ${snap.step}: ${o.type} ${o.repr} has refcount ${o.refcount} but ${o.holders.length} holders (${o.holders.map((h) => h.label).join(', ')})`);
          checked++;
        }
        if (sig !== null && (sig.kind === 'exited' || sig.kind === 'uncaught' || sig.kind === 'internal-error')) {
          assert.notEqual(sig.kind, 'internal-error', JSON.stringify(sig));
          break;
        }
      }
      assert.ok(checked > 0, 'some objects were checked');
    });
  }
});
