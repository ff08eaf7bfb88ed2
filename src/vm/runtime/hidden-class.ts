/*
 * V8 keeps a field that was written only when its object was made as a constant of the
 * object's hidden class, and compiles code on that. The first later write of another value
 * then deoptimises every function so compiled, in the middle of a run, and they are compiled
 * again (a translated loop: 10-50 ms of compiling each time). `settle` writes the named fields
 * a second time, with another value and then their own, so that the class has them variable
 * from its first object on. Each class calls it for its first object only (the fields' state
 * belongs to the hidden class, which all its objects share).
 */

const OTHER = {};

/** Make o's fields `names` variable fields of its hidden class (their values unchanged). */
export function settle(o: object, names: readonly string[]): void {
  const r = o as Record<string, unknown>;
  for (const k of names) {
    const v = r[k];
    r[k] = typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : OTHER;
    r[k] = v;
  }
}
