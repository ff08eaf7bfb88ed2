/*
 * The names dir(obj) would list, sorted as CPython sorts them. Used for
 * 3.11's "Did you mean" hint on AttributeError (suggestions.c runs over
 * dir(obj)), so close spellings are what matters; attributes a native type
 * serves without a dict entry may be missing.
 */

import { PyType, type PyValue } from './object';
import { PyInstance, PyModule } from './instance';
import { PyBaseException } from './types/exceptions';
import { typeOf } from './types/typeof';
import { compareStr } from './types/strings';

/** dir(object()) in CPython 3.11. */
const OBJECT_NAMES = [
  '__class__', '__delattr__', '__dir__', '__doc__', '__eq__', '__format__', '__ge__', '__getattribute__',
  '__getstate__', '__gt__', '__hash__', '__init__', '__init_subclass__', '__le__', '__lt__', '__ne__', '__new__',
  '__reduce__', '__reduce_ex__', '__repr__', '__setattr__', '__sizeof__', '__str__', '__subclasshook__',
];
/** What every user class's own dict holds besides the class body's names. */
const CLASS_DICT_NAMES = ['__module__', '__dict__', '__weakref__', '__doc__'];
const MODULE_NAMES = ['__name__', '__doc__', '__package__', '__loader__', '__spec__'];
const EXCEPTION_NAMES = ['args', 'with_traceback', 'add_note', '__traceback__', '__cause__', '__context__', '__suppress_context__', '__setstate__'];

function typeNames(t: PyType, out: Set<string>): void {
  for (const c of t.mro) {
    for (const k of c.dict.keys()) out.add(k);
    if (c.heapType) for (const k of CLASS_DICT_NAMES) out.add(k);
  }
  for (const k of OBJECT_NAMES) out.add(k);
}

/** sorted(dir(v)). */
export function dirNames(v: PyValue): string[] {
  const out = new Set<string>();
  if (v instanceof PyModule) {
    for (const k of MODULE_NAMES) out.add(k);
    for (const k of v.dict.keys()) out.add(k);
  } else if (v instanceof PyType) {
    typeNames(v, out);
  } else {
    if (v instanceof PyInstance) for (const k of v.ownKeys()) out.add(k);
    if (v instanceof PyBaseException) {
      if (v.attrs !== null) for (const k of v.attrs.keys()) out.add(k);
      for (const k of EXCEPTION_NAMES) out.add(k);
    }
    typeNames(typeOf(v), out);
  }
  return [...out].sort(compareStr);
}
