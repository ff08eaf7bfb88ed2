import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCached } from '../../src/cli/code-cache';

describe('the CLI launcher code cache', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('compiles from source once, then from the cache it saved', () => {
    const file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, '#!/usr/bin/env node\nconst p = require("path");\nmodule.exports = { value: 41 + 1, dir: p.basename(__dirname), twice: (x) => x * 2 };\n');
    const first = loadCached(file);
    assert.equal(first.fromCache, false);
    const a = first.run() as { value: number; dir: string; twice(x: number): number };
    assert.deepEqual([a.value, a.dir, a.twice(4)], [42, path.basename(dir), 8]);
    first.save();
    assert.ok(fs.existsSync(`${file}.cache`));
    const second = loadCached(file);
    assert.equal(second.fromCache, true);
    assert.equal((second.run() as { value: number }).value, 42);
  });

  it('never runs a stale cache: a rebuilt bundle of the same length compiles afresh', () => {
    const file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, 'module.exports = 41 + 1;\n');
    const first = loadCached(file);
    first.run();
    first.save();
    fs.writeFileSync(file, 'module.exports = 41 + 2;\n'); // V8 itself would accept the old cache: same length
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const rebuilt = loadCached(file);
    assert.equal(rebuilt.fromCache, false);
    assert.equal(rebuilt.run(), 43);
  });

  it('runs without a cache where none can be written', () => {
    const file = path.join(dir, 'bundle.js');
    fs.writeFileSync(file, 'module.exports = "ok";\n');
    fs.mkdirSync(`${file}.cache`); // a directory where the cache would go: writing it fails
    const m = loadCached(file);
    assert.equal(m.run(), 'ok');
    m.save();
    assert.equal(loadCached(file).fromCache, false);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['bundle.js', 'bundle.js.cache']); // no half-written file left
  });
});
