/*
 * Starts a real VS Code (code-server 4.100.3 = VS Code 1.100.3) on a free
 * loopback port with a fresh user-data-dir, and headless Debian Chromium on
 * its workbench through playwright-core. Shared by the VS Code suite runner,
 * the e2e runner and `npm start`. Whatever happens, stop() (also run on exit
 * and on SIGINT/SIGTERM) kills both process trees, so nothing outlives a run.
 */
'use strict';
const fs = require('fs');
const os = require('os');
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { entryPath } = require('./code-server-paths');

const CHROMIUM = process.env.MINIPY_CHROMIUM || '/usr/bin/chromium';
/** Without the networking flags Chromium keeps dialling Google on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
];

const live = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => { for (const child of live) killTree(child); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const child of live) killTree(child);
      process.exit(130);
    });
  }
}

/** code-server starts in its own process group, so its extension host and watchers die with it. */
function killTree(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  try { child.kill('SIGKILL'); } catch { /* already gone */ }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode !== undefined && res.statusCode < 500); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

/**
 * Makes `locale` a display language VS Code resolves, without a language pack
 * (none can be downloaded here): an entry in languagepacks.json whose core
 * translation is empty, so VS Code's own UI stays English while extensions'
 * package.nls.<locale>.json and l10n bundles apply, which is what we test.
 */
function declareLanguage(userDataDir, locale) {
  const dir = path.join(userDataDir, `minipy-language-${locale}`);
  fs.mkdirSync(dir, { recursive: true });
  const core = path.join(dir, 'main.i18n.json');
  fs.writeFileSync(core, JSON.stringify({ contents: {} }));
  const packs = { [locale]: { hash: `minipy-${locale}`, label: locale, extensions: [{ extensionIdentifier: { id: 'minipy.test-language' }, version: '0.0.0' }], translations: { vscode: core } } };
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
}

/**
 * Starts code-server. Options: workspace (folder to open), installExtension
 * (an extension folder to link into the extensions folder), settings (merged
 * over the defaults), env (extra environment for the server and so its
 * extension host), log (file for its output), timeoutMs (start-up limit),
 * locale (display language, e.g. 'ko': extensions' package.nls.<locale>.json
 * and l10n bundles apply).
 */
async function startCodeServer(options) {
  installExitHooks();
  // Installed on first use (npm start, npm test, CI alike); at once when it already is.
  execFileSync(process.execPath, [path.join(__dirname, '..', 'setup-code-server.js')], { stdio: 'inherit' });
  const port = options.port || await freePort();
  // A given folder persists (npm start keeps the user's layout); otherwise a fresh one per run.
  const userDataDir = options.userDataDir || fs.mkdtempSync(path.join(os.tmpdir(), 'minipy-vscode-ud-'));
  const keepUserDataDir = Boolean(options.userDataDir || options.keepUserDataDir);
  const extensionsDir = path.join(userDataDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let previous = {};
  try { previous = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch { /* none yet, or JSON with comments: start over */ }
  const settings = {
    ...previous,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    ...options.settings,
  };
  // User settings for the workbench, Machine settings for the server side (the extension host reads those).
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  for (const scope of ['User', 'Machine']) {
    fs.writeFileSync(path.join(userDataDir, scope, 'settings.json'), JSON.stringify(settings, null, 2));
  }

  // Installed the way a user's extensions are (a symlink in the extensions folder): unlike the
  // payload's development path, this keeps the user's settings (theme...) in force.
  if (options.installExtension) {
    const manifest = JSON.parse(fs.readFileSync(path.join(options.installExtension, 'package.json'), 'utf8'));
    const name = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
    const link = path.join(extensionsDir, name);
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(path.resolve(options.installExtension), link, 'dir');
  }

  if (options.locale && options.locale !== 'en') declareLanguage(userDataDir, options.locale);

  const logFile = options.log || path.join(userDataDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  const args = [
    entryPath(), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', ...(options.locale ? ['--locale', options.locale] : []), options.workspace,
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, ...options.env },
  });
  fs.closeSync(logFd);
  live.add(child);

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs || 60000);
  while (!(await httpOk(`${base}/healthz`))) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) { killTree(child); throw new Error(`code-server did not start; see ${logFile}`); }
    await new Promise((r) => setTimeout(r, 200));
  }

  /** The workbench URL; payload carries development/test paths as the electron launcher's flags do. */
  const workbenchUrl = ({ extensionDevelopmentPath, extensionTestsPath } = {}) => {
    const payload = [];
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
    if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    let url = `${base}/?folder=${encodeURIComponent(path.resolve(options.workspace))}`;
    if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return url;
  };

  const stop = async () => {
    killTree(child);
    live.delete(child);
    if (!keepUserDataDir) fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  return { port, base, userDataDir, logFile, workbenchUrl, stop, process: child };
}

/** Headless Chromium on a URL; resolves once the VS Code workbench is in the page. */
async function openWorkbench(url, { colorScheme = 'dark', viewport = { width: 1400, height: 900 }, timeoutMs = 60000 } = {}) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: timeoutMs });
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  // The extension host's console reaches the launcher only through the page's console.
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(url, { timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  return {
    browser, context, page, consoleLines,
    close: async () => { await browser.close().catch(() => undefined); },
  };
}

/** Rejects after ms with a clear message; the runners race their whole job against it. */
function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

module.exports = { startCodeServer, openWorkbench, deadline, freePort, CHROMIUM, CHROMIUM_ARGS };
