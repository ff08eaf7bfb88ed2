/*
 * What the types module needs from the interpreter but must not import (the
 * attribute protocol lives in the interpreter's files). The interpreter sets
 * these once at start-up; see docs/types-notes.md.
 */

import type { PyValue } from '../object';
import type { Runtime } from '../runtime';

export interface TypesHooks {
  /** getattr(obj, name): new reference; raises AttributeError. */
  getAttr: ((rt: Runtime, obj: PyValue, name: string) => PyValue) | null;
  setAttr: ((rt: Runtime, obj: PyValue, name: string, value: PyValue) => void) | null;
  delAttr: ((rt: Runtime, obj: PyValue, name: string) => void) | null;
  /** The object that is sys.stderr (print(file=...) writes to rt.stderr when given it). */
  isStderr: ((rt: Runtime, file: PyValue) => boolean) | null;
}

export const hooks: TypesHooks = { getAttr: null, setAttr: null, delAttr: null, isStderr: null };
