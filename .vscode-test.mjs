// @vscode/test-cli configuration (`npx vscode-test`): the same suite as the
// code-server runner, for machines that can download VS Code. Build first
// (`npm run build`); the suite's mocha files are the bundled ones in dist/.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'minipy',
  version: '1.100.3',
  files: 'dist/test/vscode/suite/*.test.js',
  workspaceFolder: './examples',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 30000 },
});
