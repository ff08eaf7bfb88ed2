/*
 * Where the project's cached code-server lives; shared by the setup script
 * and the harness so both agree on one version and one folder.
 */
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CODE_SERVER_VERSION = '4.100.3';
const CACHE_DIR = path.join(ROOT, '.code-server');

function packageDir() {
  return path.join(CACHE_DIR, 'node_modules', 'code-server');
}
function vscodeDir() {
  return path.join(packageDir(), 'lib', 'vscode');
}
function entryPath() {
  return path.join(packageDir(), 'out', 'node', 'entry.js');
}

module.exports = { ROOT, CODE_SERVER_VERSION, CACHE_DIR, packageDir, vscodeDir, entryPath };
