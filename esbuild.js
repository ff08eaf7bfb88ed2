/*
 * Bundles the extension host code, the webview script, the CLI and the VS
 * Code test suite with esbuild (as the vscode-extension-samples do).
 * `node esbuild.js` builds once, `--production` minifies without source
 * maps, `--watch` rebuilds on change and reports in the problem-matcher
 * format ("[watch] build started/finished") that VS Code's $esbuild-watch knows.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors as file:line:col so a tasks.json problem matcher can read them. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  plugins: watch ? [problemMatcherPlugin] : [],
  logLevel: watch ? 'silent' : 'warning',
};

const nodeTarget = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** Only entries whose source exists: other engineers add theirs over time. */
const bundles = [
  { ...nodeTarget, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
  // The heap graph's layout runs in a worker so drawing a step never waits for it.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['webview/layout-worker.ts'], outfile: 'dist/layout-worker.js' },
  // `minipy` is dist/cli.js, a small launcher that runs the CLI's bundle through V8's code cache.
  { ...nodeTarget, entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli.js', banner: cliBanner() },
  { ...nodeTarget, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' },
  // The VS Code suite runs inside the extension host; mocha is loaded from node_modules, `vscode` is the host's.
  { ...nodeTarget, entryPoints: vscodeSuiteEntries(), outdir: 'dist/test/vscode/suite', external: ['vscode', 'mocha'] },
].filter((b) => b.entryPoints.length > 0 && fs.existsSync(path.join(__dirname, b.entryPoints[0])));

/** The codicon font and its stylesheet, which @vscode-elements' icons read from the page (id vscode-codicon-stylesheet). */
function copyCodicons() {
  const from = path.join(__dirname, 'node_modules', '@vscode', 'codicons', 'dist');
  const to = path.join(__dirname, 'dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

/** `npx minipy` runs dist/cli.js directly: it needs a hashbang, unless the source brings its own. */
function cliBanner() {
  const file = path.join(__dirname, 'src', 'cli', 'launch.ts');
  const hasOwn = fs.existsSync(file) && fs.readFileSync(file, 'utf8').startsWith('#!');
  return hasOwn ? {} : { js: '#!/usr/bin/env node' };
}

/** index.ts plus every *.test.ts of test/vscode/suite, each its own file so index.ts can find them. */
function vscodeSuiteEntries() {
  const dir = path.join(__dirname, 'test', 'vscode', 'suite');
  if (!fs.existsSync(dir)) return [];
  const tests = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => `test/vscode/suite/${f}`);
  return ['test/vscode/suite/index.ts', ...tests];
}

async function main() {
  copyCodicons();
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  let failed = false;
  for (const c of contexts) {
    try {
      await c.rebuild();
    } catch {
      failed = true;
    }
    await c.dispose();
  }
  if (failed) process.exit(1);
  const cli = path.join(__dirname, 'dist', 'cli.js');
  if (fs.existsSync(cli)) fs.chmodSync(cli, 0o755);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
