/*
 * The one table of minipy's instructions. Names, numbers, inline-cache sizes and
 * stack effects are CPython 3.11's (Lib/opcode.py, Python/compile.c stack_effect),
 * so `dis` output can be compared with `python3 -m dis`. The compiler (stack depth),
 * the interpreter (eval-breaker check points), the disassembler (offsets, arg
 * rendering) and the panel's bytecode view all read this table; nothing else
 * lists opcodes.
 *
 * Offsets: CPython counts 2-byte code units and every instruction is followed by
 * `cache` CACHE units. We store one instruction per slot and compute CPython's
 * byte offsets from the cache sizes (see code.ts `offsets`).
 */

export type ArgKind =
  | 'none'     // no argument
  | 'plain'    // a number (counts, flags)
  | 'const'    // index into co_consts
  | 'name'     // index into co_names
  | 'local'    // index into co_varnames (fast locals)
  | 'free'     // index into localsplus (cells and free variables)
  | 'jump'     // target: an instruction index in our code (CPython: relative delta)
  | 'compare'  // index into CMP_OPS
  | 'binop';   // index into BINARY_OPS

export interface OpInfo {
  readonly name: string;
  /** CPython 3.11's opcode number. */
  readonly code: number;
  /** Inline CACHE entries CPython 3.11 places after the instruction. */
  readonly cache: number;
  readonly arg: ArgKind;
  /** True where CPython 3.11 checks the eval breaker: a GIL drop or a thread switch can happen here. */
  readonly checkPoint: boolean;
  /** Stack effect; `jump` true gives the effect when the jump is taken (as dis.stack_effect). */
  readonly effect: (oparg: number, jump: boolean) => number;
  /** One line a learner can read in the bytecode view. */
  readonly doc: string;
}

const c = (n: number) => () => n;

function def(name: string, code: number, cache: number, arg: ArgKind, checkPoint: boolean,
  effect: (oparg: number, jump: boolean) => number, doc: string): OpInfo {
  return { name, code, cache, arg, checkPoint, effect, doc };
}

/**
 * Op numbers, with names kept at run time. A (non-const) enum so that esbuild
 * inlines each `Op.X` as its number: the eval loop's `switch` then has literal
 * cases, which V8 can compile to a jump table (the loop lists every opcode for
 * that: see its note).
 */
export enum Op {
  POP_TOP = 1, PUSH_NULL = 2, NOP = 9, UNARY_POSITIVE = 10, UNARY_NEGATIVE = 11, UNARY_NOT = 12,
  UNARY_INVERT = 15, BINARY_SUBSCR = 25, GET_LEN = 30, PUSH_EXC_INFO = 35, CHECK_EXC_MATCH = 36,
  WITH_EXCEPT_START = 49, GET_AITER = 50, GET_ANEXT = 51, BEFORE_ASYNC_WITH = 52, BEFORE_WITH = 53,
  END_ASYNC_FOR = 54, STORE_SUBSCR = 60, DELETE_SUBSCR = 61, GET_ITER = 68,
  GET_YIELD_FROM_ITER = 69, PRINT_EXPR = 70, LOAD_BUILD_CLASS = 71, LOAD_ASSERTION_ERROR = 74,
  RETURN_GENERATOR = 75, LIST_TO_TUPLE = 82, RETURN_VALUE = 83, SETUP_ANNOTATIONS = 85,
  YIELD_VALUE = 86, ASYNC_GEN_WRAP = 87, POP_EXCEPT = 89, STORE_NAME = 90, DELETE_NAME = 91,
  UNPACK_SEQUENCE = 92, FOR_ITER = 93, UNPACK_EX = 94, STORE_ATTR = 95, DELETE_ATTR = 96,
  STORE_GLOBAL = 97, DELETE_GLOBAL = 98, SWAP = 99, LOAD_CONST = 100, LOAD_NAME = 101,
  BUILD_TUPLE = 102, BUILD_LIST = 103, BUILD_SET = 104, BUILD_MAP = 105, LOAD_ATTR = 106,
  COMPARE_OP = 107, IMPORT_NAME = 108, IMPORT_FROM = 109, JUMP_FORWARD = 110,
  JUMP_IF_FALSE_OR_POP = 111, JUMP_IF_TRUE_OR_POP = 112, POP_JUMP_FORWARD_IF_FALSE = 114,
  POP_JUMP_FORWARD_IF_TRUE = 115, LOAD_GLOBAL = 116, IS_OP = 117, CONTAINS_OP = 118, RERAISE = 119,
  COPY = 120, BINARY_OP = 122, SEND = 123, LOAD_FAST = 124, STORE_FAST = 125, DELETE_FAST = 126,
  POP_JUMP_FORWARD_IF_NOT_NONE = 128, POP_JUMP_FORWARD_IF_NONE = 129, RAISE_VARARGS = 130,
  GET_AWAITABLE = 131, MAKE_FUNCTION = 132, BUILD_SLICE = 133, JUMP_BACKWARD_NO_INTERRUPT = 134,
  MAKE_CELL = 135, LOAD_CLOSURE = 136, LOAD_DEREF = 137, STORE_DEREF = 138, DELETE_DEREF = 139,
  JUMP_BACKWARD = 140, CALL_FUNCTION_EX = 142, EXTENDED_ARG = 144, LIST_APPEND = 145,
  SET_ADD = 146, MAP_ADD = 147, LOAD_CLASSDEREF = 148, COPY_FREE_VARS = 149, RESUME = 151,
  FORMAT_VALUE = 155, BUILD_CONST_KEY_MAP = 156, BUILD_STRING = 157, LOAD_METHOD = 160,
  LIST_EXTEND = 162, SET_UPDATE = 163, DICT_MERGE = 164, DICT_UPDATE = 165, PRECALL = 166,
  CALL = 171, KW_NAMES = 172, POP_JUMP_BACKWARD_IF_NOT_NONE = 173, POP_JUMP_BACKWARD_IF_NONE = 174,
  POP_JUMP_BACKWARD_IF_FALSE = 175, POP_JUMP_BACKWARD_IF_TRUE = 176,
}
export type OpName = keyof typeof Op;

const O = Op;
const TABLE: OpInfo[] = [
  def('POP_TOP', O.POP_TOP, 0, 'none', false, c(-1), 'Discard the top of the stack (one reference dropped).'),
  def('PUSH_NULL', O.PUSH_NULL, 0, 'none', false, c(1), 'Push NULL: marks a plain call with no self.'),
  def('NOP', O.NOP, 0, 'none', false, c(0), 'Do nothing.'),
  def('UNARY_POSITIVE', O.UNARY_POSITIVE, 0, 'none', false, c(0), 'TOS = +TOS.'),
  def('UNARY_NEGATIVE', O.UNARY_NEGATIVE, 0, 'none', false, c(0), 'TOS = -TOS.'),
  def('UNARY_NOT', O.UNARY_NOT, 0, 'none', false, c(0), 'TOS = not TOS.'),
  def('UNARY_INVERT', O.UNARY_INVERT, 0, 'none', false, c(0), 'TOS = ~TOS.'),
  def('BINARY_SUBSCR', O.BINARY_SUBSCR, 4, 'none', false, c(-1), 'TOS = TOS1[TOS].'),
  def('GET_LEN', O.GET_LEN, 0, 'none', false, c(1), 'Push len(TOS).'),
  def('PUSH_EXC_INFO', O.PUSH_EXC_INFO, 0, 'none', false, c(1), 'Save the exception being handled and make TOS the current one.'),
  def('CHECK_EXC_MATCH', O.CHECK_EXC_MATCH, 0, 'none', false, c(0), 'Push whether the exception TOS1 matches the type TOS.'),
  def('WITH_EXCEPT_START', O.WITH_EXCEPT_START, 0, 'none', false, c(1), 'Call __exit__ with the exception being handled.'),
  def('GET_AITER', O.GET_AITER, 0, 'none', false, c(0), 'TOS = TOS.__aiter__().'),
  def('GET_ANEXT', O.GET_ANEXT, 0, 'none', false, c(1), 'Push an awaitable for TOS.__anext__().'),
  def('BEFORE_ASYNC_WITH', O.BEFORE_ASYNC_WITH, 0, 'none', false, c(1), 'Push __aexit__ and the awaitable of __aenter__().'),
  def('BEFORE_WITH', O.BEFORE_WITH, 0, 'none', false, c(1), 'Push __exit__ and the result of __enter__().'),
  def('END_ASYNC_FOR', O.END_ASYNC_FOR, 0, 'none', false, c(-2), 'End an async for loop on StopAsyncIteration.'),
  def('STORE_SUBSCR', O.STORE_SUBSCR, 1, 'none', false, c(-3), 'TOS1[TOS] = TOS2.'),
  def('DELETE_SUBSCR', O.DELETE_SUBSCR, 0, 'none', false, c(-2), 'del TOS1[TOS].'),
  def('GET_ITER', O.GET_ITER, 0, 'none', false, c(0), 'TOS = iter(TOS).'),
  def('GET_YIELD_FROM_ITER', O.GET_YIELD_FROM_ITER, 0, 'none', false, c(0), 'TOS = iter(TOS) unless it is a generator or coroutine.'),
  def('PRINT_EXPR', O.PRINT_EXPR, 0, 'none', false, c(-1), 'Print TOS (interactive mode).'),
  def('LOAD_BUILD_CLASS', O.LOAD_BUILD_CLASS, 0, 'none', false, c(1), 'Push builtins.__build_class__.'),
  def('LOAD_ASSERTION_ERROR', O.LOAD_ASSERTION_ERROR, 0, 'none', false, c(1), 'Push AssertionError.'),
  def('RETURN_GENERATOR', O.RETURN_GENERATOR, 0, 'none', false, c(0), 'Create a generator owning this frame and return it to the caller.'),
  def('LIST_TO_TUPLE', O.LIST_TO_TUPLE, 0, 'none', false, c(0), 'TOS = tuple(TOS).'),
  def('RETURN_VALUE', O.RETURN_VALUE, 0, 'none', false, c(-1), 'Return TOS to the caller; this frame is finished.'),
  def('SETUP_ANNOTATIONS', O.SETUP_ANNOTATIONS, 0, 'none', false, c(0), 'Create __annotations__.'),
  def('YIELD_VALUE', O.YIELD_VALUE, 0, 'none', false, c(0), 'Suspend this generator frame and hand TOS to whoever resumed it.'),
  def('ASYNC_GEN_WRAP', O.ASYNC_GEN_WRAP, 0, 'none', false, c(0), 'Wrap a value yielded by an async generator.'),
  def('POP_EXCEPT', O.POP_EXCEPT, 0, 'none', false, c(-1), 'Restore the exception that was being handled before.'),
  def('STORE_NAME', O.STORE_NAME, 0, 'name', false, c(-1), 'name = TOS (module or class namespace).'),
  def('DELETE_NAME', O.DELETE_NAME, 0, 'name', false, c(0), 'del name.'),
  def('UNPACK_SEQUENCE', O.UNPACK_SEQUENCE, 1, 'plain', false, (a) => a - 1, 'Unpack TOS into arg values, pushed right to left.'),
  def('FOR_ITER', O.FOR_ITER, 0, 'jump', false, (_a, j) => (j ? -1 : 1), 'Push next(TOS); when exhausted pop TOS and jump.'),
  def('UNPACK_EX', O.UNPACK_EX, 0, 'plain', false, (a) => (a & 0xff) + (a >> 8), 'Unpack TOS with a starred target.'),
  def('STORE_ATTR', O.STORE_ATTR, 4, 'name', false, c(-2), 'TOS.name = TOS1.'),
  def('DELETE_ATTR', O.DELETE_ATTR, 0, 'name', false, c(-1), 'del TOS.name.'),
  def('STORE_GLOBAL', O.STORE_GLOBAL, 0, 'name', false, c(-1), 'global name = TOS.'),
  def('DELETE_GLOBAL', O.DELETE_GLOBAL, 0, 'name', false, c(0), 'del global name.'),
  def('SWAP', O.SWAP, 0, 'plain', false, c(0), 'Swap TOS with the item at position arg.'),
  def('LOAD_CONST', O.LOAD_CONST, 0, 'const', false, c(1), 'Push a constant.'),
  def('LOAD_NAME', O.LOAD_NAME, 0, 'name', false, c(1), 'Push the value of name (locals, then globals, then builtins).'),
  def('BUILD_TUPLE', O.BUILD_TUPLE, 0, 'plain', false, (a) => 1 - a, 'Build a tuple from arg items.'),
  def('BUILD_LIST', O.BUILD_LIST, 0, 'plain', false, (a) => 1 - a, 'Build a list from arg items.'),
  def('BUILD_SET', O.BUILD_SET, 0, 'plain', false, (a) => 1 - a, 'Build a set from arg items.'),
  def('BUILD_MAP', O.BUILD_MAP, 0, 'plain', false, (a) => 1 - 2 * a, 'Build a dict from arg key/value pairs.'),
  def('LOAD_ATTR', O.LOAD_ATTR, 4, 'name', false, c(0), 'TOS = TOS.name.'),
  def('COMPARE_OP', O.COMPARE_OP, 2, 'compare', false, c(-1), 'Compare TOS1 with TOS.'),
  def('IMPORT_NAME', O.IMPORT_NAME, 0, 'name', false, c(-1), 'Import a module.'),
  def('IMPORT_FROM', O.IMPORT_FROM, 0, 'name', false, c(1), 'Push an attribute of the module on TOS.'),
  def('JUMP_FORWARD', O.JUMP_FORWARD, 0, 'jump', false, c(0), 'Jump forward.'),
  def('JUMP_IF_FALSE_OR_POP', O.JUMP_IF_FALSE_OR_POP, 0, 'jump', false, (_a, j) => (j ? 0 : -1), 'If TOS is false jump and keep it, else pop it.'),
  def('JUMP_IF_TRUE_OR_POP', O.JUMP_IF_TRUE_OR_POP, 0, 'jump', false, (_a, j) => (j ? 0 : -1), 'If TOS is true jump and keep it, else pop it.'),
  def('POP_JUMP_FORWARD_IF_FALSE', O.POP_JUMP_FORWARD_IF_FALSE, 0, 'jump', false, c(-1), 'Pop TOS; jump forward if it is false.'),
  def('POP_JUMP_FORWARD_IF_TRUE', O.POP_JUMP_FORWARD_IF_TRUE, 0, 'jump', false, c(-1), 'Pop TOS; jump forward if it is true.'),
  def('LOAD_GLOBAL', O.LOAD_GLOBAL, 5, 'name', false, (a) => 1 + (a & 1), 'Push a global or builtin (and NULL first when arg is odd).'),
  def('IS_OP', O.IS_OP, 0, 'plain', false, c(-1), 'TOS = TOS1 is TOS (is not when arg is 1).'),
  def('CONTAINS_OP', O.CONTAINS_OP, 0, 'plain', false, c(-1), 'TOS = TOS1 in TOS (not in when arg is 1).'),
  def('RERAISE', O.RERAISE, 0, 'plain', false, c(-1), 'Re-raise the exception on TOS.'),
  def('COPY', O.COPY, 0, 'plain', false, c(1), 'Push a copy of the item at position arg (a new reference).'),
  def('BINARY_OP', O.BINARY_OP, 1, 'binop', false, c(-1), 'TOS = TOS1 (op) TOS.'),
  def('SEND', O.SEND, 0, 'jump', false, (_a, j) => (j ? -1 : 0), 'Send TOS into the sub-iterator TOS1 (yield from / await).'),
  def('LOAD_FAST', O.LOAD_FAST, 0, 'local', false, c(1), 'Push a local variable (one more reference).'),
  def('STORE_FAST', O.STORE_FAST, 0, 'local', false, c(-1), 'Pop TOS into a local variable.'),
  def('DELETE_FAST', O.DELETE_FAST, 0, 'local', false, c(0), 'del a local variable.'),
  def('POP_JUMP_FORWARD_IF_NOT_NONE', O.POP_JUMP_FORWARD_IF_NOT_NONE, 0, 'jump', false, c(-1), 'Pop TOS; jump forward if it is not None.'),
  def('POP_JUMP_FORWARD_IF_NONE', O.POP_JUMP_FORWARD_IF_NONE, 0, 'jump', false, c(-1), 'Pop TOS; jump forward if it is None.'),
  def('RAISE_VARARGS', O.RAISE_VARARGS, 0, 'plain', false, (a) => -a, 'Raise an exception (arg 0: re-raise, 1: raise TOS, 2: raise TOS1 from TOS).'),
  def('GET_AWAITABLE', O.GET_AWAITABLE, 0, 'plain', false, c(0), 'TOS = the awaitable of TOS.'),
  def('MAKE_FUNCTION', O.MAKE_FUNCTION, 0, 'plain', false, (a) => -((a & 1 ? 1 : 0) + (a & 2 ? 1 : 0) + (a & 4 ? 1 : 0) + (a & 8 ? 1 : 0)), 'Make a function from the code object on TOS.'),
  def('BUILD_SLICE', O.BUILD_SLICE, 0, 'plain', false, (a) => (a === 3 ? -2 : -1), 'Build a slice object.'),
  def('JUMP_BACKWARD_NO_INTERRUPT', O.JUMP_BACKWARD_NO_INTERRUPT, 0, 'jump', false, c(0), 'Jump backward without checking the eval breaker.'),
  def('MAKE_CELL', O.MAKE_CELL, 0, 'free', false, c(0), 'Create a cell for a variable captured by an inner function.'),
  def('LOAD_CLOSURE', O.LOAD_CLOSURE, 0, 'free', false, c(1), 'Push the cell itself (to build a closure).'),
  def('LOAD_DEREF', O.LOAD_DEREF, 0, 'free', false, c(1), 'Push the value held by a cell.'),
  def('STORE_DEREF', O.STORE_DEREF, 0, 'free', false, c(-1), 'Store TOS into a cell.'),
  def('DELETE_DEREF', O.DELETE_DEREF, 0, 'free', false, c(0), 'Empty a cell.'),
  def('JUMP_BACKWARD', O.JUMP_BACKWARD, 0, 'jump', true, c(0), 'Jump backward (loop); checks the eval breaker: the GIL may be dropped here.'),
  def('CALL_FUNCTION_EX', O.CALL_FUNCTION_EX, 0, 'plain', true, (a) => -2 - (a & 1), 'Call with *args (and **kwargs when arg is 1).'),
  def('EXTENDED_ARG', O.EXTENDED_ARG, 0, 'plain', false, c(0), 'Prefix for a large argument.'),
  def('LIST_APPEND', O.LIST_APPEND, 0, 'plain', false, c(-1), 'Append TOS to the list at position arg.'),
  def('SET_ADD', O.SET_ADD, 0, 'plain', false, c(-1), 'Add TOS to the set at position arg.'),
  def('MAP_ADD', O.MAP_ADD, 0, 'plain', false, c(-2), 'Add TOS1: TOS to the dict at position arg.'),
  def('LOAD_CLASSDEREF', O.LOAD_CLASSDEREF, 0, 'free', false, c(1), 'Load a free variable from a class body.'),
  def('COPY_FREE_VARS', O.COPY_FREE_VARS, 0, 'plain', false, c(0), 'Copy the closure cells into the frame.'),
  def('RESUME', O.RESUME, 0, 'plain', true, c(0), 'Start or resume a frame; checks the eval breaker on function entry.'),
  def('FORMAT_VALUE', O.FORMAT_VALUE, 0, 'plain', false, (a) => ((a & 0x04) === 0x04 ? -1 : 0), 'Format TOS for an f-string.'),
  def('BUILD_CONST_KEY_MAP', O.BUILD_CONST_KEY_MAP, 0, 'plain', false, (a) => -a, 'Build a dict from arg values and a tuple of keys.'),
  def('BUILD_STRING', O.BUILD_STRING, 0, 'plain', false, (a) => 1 - a, 'Concatenate arg strings.'),
  def('LOAD_METHOD', O.LOAD_METHOD, 10, 'name', false, c(1), 'Push the method and self (or NULL and the attribute).'),
  def('LIST_EXTEND', O.LIST_EXTEND, 0, 'plain', false, c(-1), 'Extend the list at position arg with TOS.'),
  def('SET_UPDATE', O.SET_UPDATE, 0, 'plain', false, c(-1), 'Update the set at position arg with TOS.'),
  def('DICT_MERGE', O.DICT_MERGE, 0, 'plain', false, c(-1), 'Merge TOS into the dict at position arg (no duplicate keys).'),
  def('DICT_UPDATE', O.DICT_UPDATE, 0, 'plain', false, c(-1), 'Update the dict at position arg with TOS.'),
  def('PRECALL', O.PRECALL, 1, 'plain', false, c(0), 'Prepare a call (bound methods are split into function and self).'),
  def('CALL', O.CALL, 4, 'plain', true, (a) => -a - 1, 'Call with arg arguments; checks the eval breaker.'),
  def('KW_NAMES', O.KW_NAMES, 0, 'const', false, c(0), 'Name the keyword arguments of the next CALL.'),
  def('POP_JUMP_BACKWARD_IF_NOT_NONE', O.POP_JUMP_BACKWARD_IF_NOT_NONE, 0, 'jump', true, c(-1), 'Pop TOS; jump backward if it is not None.'),
  def('POP_JUMP_BACKWARD_IF_NONE', O.POP_JUMP_BACKWARD_IF_NONE, 0, 'jump', true, c(-1), 'Pop TOS; jump backward if it is None.'),
  def('POP_JUMP_BACKWARD_IF_FALSE', O.POP_JUMP_BACKWARD_IF_FALSE, 0, 'jump', true, c(-1), 'Pop TOS; jump backward if it is false.'),
  def('POP_JUMP_BACKWARD_IF_TRUE', O.POP_JUMP_BACKWARD_IF_TRUE, 0, 'jump', true, c(-1), 'Pop TOS; jump backward if it is true.'),
];

/** Indexed by opcode number. */
export const OPS: readonly (OpInfo | undefined)[] = (() => {
  const byCode: (OpInfo | undefined)[] = new Array(256).fill(undefined);
  for (const info of TABLE) byCode[info.code] = info;
  return byCode;
})();

export const OPS_BY_NAME: ReadonlyMap<string, OpInfo> = new Map(TABLE.map((i) => [i.name, i]));

export function opInfo(code: number): OpInfo {
  const info = OPS[code];
  if (!info) throw new Error(`unknown opcode ${code}`);
  return info;
}

/** Quick check-point lookup for the interpreter's hot loop. */
export const IS_CHECK_POINT: Uint8Array = (() => {
  const a = new Uint8Array(256);
  for (const info of TABLE) if (info.checkPoint) a[info.code] = 1;
  return a;
})();

/** COMPARE_OP arguments (Lib/opcode.py cmp_op). */
export const CMP_OPS = ['<', '<=', '==', '!=', '>', '>='] as const;

/** BINARY_OP arguments (Lib/opcode.py _nb_ops): [name, symbol]. Index 13+ are in-place. */
export const BINARY_OPS: readonly (readonly [string, string])[] = [
  ['NB_ADD', '+'], ['NB_AND', '&'], ['NB_FLOOR_DIVIDE', '//'], ['NB_LSHIFT', '<<'],
  ['NB_MATRIX_MULTIPLY', '@'], ['NB_MULTIPLY', '*'], ['NB_REMAINDER', '%'], ['NB_OR', '|'],
  ['NB_POWER', '**'], ['NB_RSHIFT', '>>'], ['NB_SUBTRACT', '-'], ['NB_TRUE_DIVIDE', '/'],
  ['NB_XOR', '^'], ['NB_INPLACE_ADD', '+='], ['NB_INPLACE_AND', '&='],
  ['NB_INPLACE_FLOOR_DIVIDE', '//='], ['NB_INPLACE_LSHIFT', '<<='],
  ['NB_INPLACE_MATRIX_MULTIPLY', '@='], ['NB_INPLACE_MULTIPLY', '*='],
  ['NB_INPLACE_REMAINDER', '%='], ['NB_INPLACE_OR', '|='], ['NB_INPLACE_POWER', '**='],
  ['NB_INPLACE_RSHIFT', '>>='], ['NB_INPLACE_SUBTRACT', '-='],
  ['NB_INPLACE_TRUE_DIVIDE', '/='], ['NB_INPLACE_XOR', '^='],
];
export const NB = {
  ADD: 0, AND: 1, FLOOR_DIVIDE: 2, LSHIFT: 3, MATRIX_MULTIPLY: 4, MULTIPLY: 5, REMAINDER: 6,
  OR: 7, POWER: 8, RSHIFT: 9, SUBTRACT: 10, TRUE_DIVIDE: 11, XOR: 12, INPLACE: 13,
} as const;
