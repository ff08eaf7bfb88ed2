/*
 * The built-in type objects. They are shared by every session and immortal
 * (their refcounts are not shown: CPython's static types are not counted by
 * their instances either). Each type's methods are installed by the module
 * that implements the type (types/*.ts) through `defineMethods`.
 */

import { PyType, type NativeFn, type PyValue } from './object';
import { PyBuiltinFunction } from './builtin-function';

function bootstrap(): { type: PyType; object: PyType } {
  const object = new PyType(null, 'object', null, false);
  const type = new PyType(null, 'type', object, false);
  (object as { cls: PyType }).cls = type;
  (type as { cls: PyType }).cls = type;
  return { type, object };
}

const { type: typeType, object: objectType } = bootstrap();

function builtinType(name: string, base: PyType = objectType): PyType {
  return new PyType(typeType, name, base, false);
}

/** Every built-in (non-exception) type, by its Python name. */
export const T = {
  type: typeType,
  object: objectType,
  NoneType: builtinType('NoneType'),
  NotImplementedType: builtinType('NotImplementedType'),
  ellipsis: builtinType('ellipsis'),
  int: builtinType('int'),
  bool: null as unknown as PyType, // set below: bool's base is int
  float: builtinType('float'),
  str: builtinType('str'),
  list: builtinType('list'),
  tuple: builtinType('tuple'),
  dict: builtinType('dict'),
  set: builtinType('set'),
  frozenset: builtinType('frozenset'),
  range: builtinType('range'),
  slice: builtinType('slice'),
  function: builtinType('function'),
  builtin_function_or_method: builtinType('builtin_function_or_method'),
  method: builtinType('method'),
  cell: builtinType('cell'),
  code: builtinType('code'),
  module: builtinType('module'),
  property: builtinType('property'),
  staticmethod: builtinType('staticmethod'),
  classmethod: builtinType('classmethod'),
  super: builtinType('super'),
  generator: builtinType('generator'),
  coroutine: builtinType('coroutine'),
  frame: builtinType('frame'),
  traceback: builtinType('traceback'),
  // Iterator types, named as CPython names them (type(iter([])).__name__ == 'list_iterator').
  list_iterator: builtinType('list_iterator'),
  list_reverseiterator: builtinType('list_reverseiterator'),
  tuple_iterator: builtinType('tuple_iterator'),
  range_iterator: builtinType('range_iterator'),
  str_iterator: builtinType('str_iterator'),
  str_ascii_iterator: builtinType('str_ascii_iterator'),
  set_iterator: builtinType('set_iterator'),
  dict_keyiterator: builtinType('dict_keyiterator'),
  dict_valueiterator: builtinType('dict_valueiterator'),
  dict_itemiterator: builtinType('dict_itemiterator'),
  dict_keys: builtinType('dict_keys'),
  dict_values: builtinType('dict_values'),
  dict_items: builtinType('dict_items'),
  enumerate: builtinType('enumerate'),
  zip: builtinType('zip'),
  map: builtinType('map'),
  filter: builtinType('filter'),
  reversed: builtinType('reversed'),
  iterator: builtinType('iterator'),
  callable_iterator: builtinType('callable_iterator'),
};
T.bool = builtinType('bool', T.int);

/** Install native methods on a built-in type. Each fn receives self as args[0]. */
export function defineMethods(type: PyType, methods: Record<string, NativeFn>): void {
  for (const [name, fn] of Object.entries(methods)) {
    type.dict.set(name, new PyBuiltinFunction(name, fn, type));
  }
}

/** Install a plain attribute (e.g. a class constant) on a built-in type. */
export function defineAttr(type: PyType, name: string, value: PyValue): void {
  type.dict.set(name, value);
}
