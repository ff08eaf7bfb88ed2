/*
 * Entry point of the VS Code suite: VS Code loads this module inside the
 * extension host (code-server here, @vscode/test-electron elsewhere) and
 * calls run(). It runs every bundled *.test.js beside it with mocha and
 * writes the results as JSON, because from a browser-hosted workbench nothing
 * else reports back to the launcher.
 */

import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface SuiteTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: SuiteTestResult[];
  /** Numbers the tests record for the launcher to print (activation time...). */
  metrics: Record<string, number>;
}

import { metrics } from './metrics';

function resultsPath(): string {
  return process.env.MINIPY_VSCODE_RESULTS ?? path.resolve(__dirname, '..', '..', '..', '..', 'test-results', 'vscode-suite.json');
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  const grep = process.env.MINIPY_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, tests: [], metrics };
  const write = (): void => {
    const out = resultsPath();
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Written whole then renamed, so the launcher never reads half a file.
    fs.writeFileSync(out + '.tmp', JSON.stringify(results, null, 2));
    fs.renameSync(out + '.tmp', out);
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        write();
        if (results.failed > 0) reject(new Error(`${results.failed} VS Code test(s) failed`));
        else resolve();
      });
      runner.on('pass', (t) => {
        results.passed++;
        results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
      });
      runner.on('fail', (t, err: Error) => {
        results.failed++;
        results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
      });
      runner.on('pending', (t) => {
        results.pending++;
        results.tests.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 });
      });
    } catch (err) {
      // A test file that fails to load must still report, or the launcher would wait for its limit.
      results.failed++;
      results.tests.push({ title: 'loading the VS Code suite', state: 'failed', durationMs: 0, error: (err as Error)?.stack ?? String(err) });
      write();
      reject(err);
    }
  });
}
