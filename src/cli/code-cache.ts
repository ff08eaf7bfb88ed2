/*
 * Runs a CommonJS bundle through V8's code cache. Parsing and compiling the
 * CLI's bundle is most of minipy's start-up beyond Node's own (about 25 ms of
 * 45); with the cache V8 deserialises the functions a previous run compiled.
 *
 * The cache sits beside the bundle (FILE.cache). V8 checks only the source's
 * length, its own version and its flags, so the cache also names the bundle's
 * size and modification time: a rebuilt bundle never runs a stale cache. A cache
 * that cannot be read or written (a read-only install) only costs the time.
 */

import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import Module = require('module');

export interface CachedModule {
  /** True when V8 accepted the cache (nothing was compiled from source at load). */
  readonly fromCache: boolean;
  /** Runs the module (as `require` would), once; its exports. */
  run(): unknown;
  /** Writes the cache when it was missing or stale, with every function compiled so far. */
  save(): void;
}

export function loadCached(file: string): CachedModule {
  const cacheFile = `${file}.cache`;
  const stat = fs.statSync(file);
  const stamp = `${stat.size}:${stat.mtimeMs}\n`;
  let source = fs.readFileSync(file, 'utf8');
  // A hashbang is not JavaScript inside the module wrapper: blank it, keeping the length.
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  let cachedData: Buffer | undefined;
  try {
    const bytes = fs.readFileSync(cacheFile);
    const cut = bytes.indexOf(10);
    if (cut > 0 && bytes.subarray(0, cut + 1).toString('latin1') === stamp) cachedData = bytes.subarray(cut + 1);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  return {
    fromCache,
    run() {
      const m = new Module(file, module);
      m.filename = file;
      m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
      const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
      wrapper.call(m.exports, m.exports, (id: string) => m.require(id), m, file, path.dirname(file));
      return m.exports;
    },
    save() {
      if (fromCache) return;
      // Written whole, then renamed: two runs at once never leave half a cache.
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
        fs.renameSync(tmp, cacheFile);
      } catch {
        // a read-only install: runs compile from source, as without a cache
        fs.rmSync(tmp, { force: true });
      }
    },
  };
}
