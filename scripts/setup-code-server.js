#!/usr/bin/env node
/*
 * Installs code-server@4.100.3 (VS Code 1.100.3's server and web workbench)
 * into the git-ignored .code-server/ folder, following
 * ../shared/docs/vscode-tests-offline.md: its own postinstall downloads
 * ripgrep, which these machines cannot, so its steps are done here by hand.
 * Idempotent: a marker file makes a second run return at once.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { CODE_SERVER_VERSION, CACHE_DIR, vscodeDir, entryPath } = require('./lib/code-server-paths');

const MARKER = path.join(CACHE_DIR, `.installed-${CODE_SERVER_VERSION}`);
const DEBIAN_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium', 'fonts-nanum'];

function run(cmd, args, cwd, extraEnv = {}) {
  console.log(`[setup-code-server] ${cwd}$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((p) => {
    try {
      const out = execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !out.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  run('apt-get', ['update'], '/', { DEBIAN_FRONTEND: 'noninteractive' });
  run('apt-get', ['install', '-y', ...missing], '/', { DEBIAN_FRONTEND: 'noninteractive' });
}

function main() {
  if (fs.existsSync(MARKER) && fs.existsSync(entryPath())) {
    console.log(`[setup-code-server] code-server ${CODE_SERVER_VERSION} already installed in ${CACHE_DIR}`);
    return;
  }
  const started = Date.now();
  ensureDebianPackages();
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  const pkg = path.join(CACHE_DIR, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, JSON.stringify({ name: 'code-server-cache', private: true }, null, 2));
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], CACHE_DIR);

  const vs = vscodeDir();
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vs);
  const rgDir = path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
  run('npm', ['rebuild', 'kerberos', 'native-watchdog', 'node-pty', '@parcel/watcher', '@vscode/deviceid', '@vscode/spdlog'], vs, { npm_config_yes: 'true' });
  const asar = path.join(vs, 'node_modules.asar');
  fs.rmSync(asar, { force: true, recursive: true });
  fs.symlinkSync('node_modules', asar);
  run('npm', ['rebuild', 'argon2'], CACHE_DIR);

  fs.writeFileSync(MARKER, new Date().toISOString() + '\n');
  console.log(`[setup-code-server] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  main();
} catch (err) {
  console.error(`[setup-code-server] failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
