/*
 * The filename a library module written in Python (threading, asyncio)
 * gives its code and frames, as CPython names frozen modules: `<frozen NAME>`.
 * One place for the convention, for the VM, the debugger and the panel.
 */

export function libraryFileName(module: string): string {
  return `<frozen ${module}>`;
}

/** The module a library filename names, or undefined for the program's own files. */
export function libraryModuleOf(filename: string): string | undefined {
  const m = /^<frozen (\w+)>$/.exec(filename);
  return m === null ? undefined : m[1];
}

export function isLibraryFile(filename: string): boolean {
  return filename.startsWith('<frozen ');
}
