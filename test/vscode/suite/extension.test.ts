/*
 * The extension shell inside a real VS Code: activation on a .minipy file,
 * the language id, syntax errors as diagnostics in CPython's words and
 * position, and the registered commands.
 */

import * as assert from 'assert';
import * as vscode from 'vscode';
import { metrics } from './metrics';

const EXTENSION_ID = 'minipy.minipy';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace (examples/) should be open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Diagnostics arrive after the debounce: wait for them, with a limit. */
async function waitForDiagnostics(uri: vscode.Uri, timeoutMs = 10000): Promise<vscode.Diagnostic[]> {
  const started = Date.now();
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'minipy');
    if (found.length > 0) return found;
    if (Date.now() - started > timeoutMs) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openUntitled(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'minipy', content });
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('minipy extension', () => {
  it('activates on opening examples/hello.minipy', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} should be installed`);
    const alreadyActive = ext.isActive; // another suite file may have opened a .minipy file first
    const started = Date.now();
    const doc = await vscode.workspace.openTextDocument(workspaceFile('hello.minipy'));
    await vscode.window.showTextDocument(doc);
    while (!ext.isActive && Date.now() - started < 15000) await new Promise((r) => setTimeout(r, 10));
    assert.ok(ext.isActive, 'opening a .minipy file should activate the extension');
    if (!alreadyActive) metrics.openToActiveMs = Date.now() - started;
    const api = ext.exports as { activationMs?: number } | undefined;
    assert.strictEqual(typeof api?.activationMs, 'number', 'activate() should report its duration');
    metrics.activateFunctionMs = Math.round((api?.activationMs ?? 0) * 10) / 10;
  });

  it("gives .minipy documents the languageId 'minipy'", async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('hello.minipy'));
    assert.strictEqual(doc.languageId, 'minipy');
  });

  it('reports no diagnostics for a correct program', async () => {
    const uri = workspaceFile('hello.minipy');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await new Promise((r) => setTimeout(r, 500));
    assert.deepStrictEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'minipy'), []);
  });

  it("reports a syntax error at CPython's line and column, in CPython's words", async () => {
    // CPython 3.11: `if x == 1` without a colon -> "expected ':'" at line 2, offset 10.
    const doc = await openUntitled('x = 1\nif x == 1\n    print(x)\n');
    const [d] = await waitForDiagnostics(doc.uri);
    assert.ok(d, 'a syntax error should become a diagnostic');
    assert.strictEqual(d.message, "expected ':'");
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, 1);
    assert.strictEqual(d.range.start.character, 9);
  });

  it('reports an unclosed bracket as CPython does', async () => {
    const doc = await openUntitled('print((1, 2)\n');
    const [d] = await waitForDiagnostics(doc.uri);
    assert.ok(d, 'a syntax error should become a diagnostic');
    assert.strictEqual(d.message, "'(' was never closed");
    assert.strictEqual(d.range.start.line, 0);
    assert.strictEqual(d.range.start.character, 5);
  });

  it('reports errors CPython finds when compiling, not parsing', async () => {
    // CPython 3.11: "'return' outside function" at line 2, offset 1.
    const doc = await openUntitled('x = 1\nreturn x\n');
    const [d] = await waitForDiagnostics(doc.uri);
    assert.ok(d, 'a compile-time syntax error should become a diagnostic');
    assert.strictEqual(d.message, "'return' outside function");
    assert.strictEqual(d.range.start.line, 1);
    assert.strictEqual(d.range.start.character, 0);
  });

  it('updates diagnostics while typing: fixing the error clears them', async () => {
    const doc = await openUntitled('def f(:\n    pass\n');
    assert.ok((await waitForDiagnostics(doc.uri)).length > 0, 'the broken def should be reported');
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, 0, 7), 'def f():'));
    const started = Date.now();
    while (vscode.languages.getDiagnostics(doc.uri).length > 0 && Date.now() - started < 10000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri), []);
  });

  it("squiggles what python3 would print as a SyntaxWarning, in CPython's words, as a warning", async () => {
    const doc = await openUntitled('x = 1\nif x is 1:\n    print(x)\n');
    const [d] = await waitForDiagnostics(doc.uri);
    assert.ok(d, 'a SyntaxWarning should become a diagnostic');
    assert.strictEqual(d.message, '"is" with a literal. Did you mean "=="?');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.code, 'SyntaxWarning');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character, d.range.end.character], [1, 3, 9]);
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['minipy.run', 'minipy.debug', 'minipy.showPanel']) {
      assert.ok(all.includes(id), `command ${id} should be registered`);
    }
  });

  it('contributes every command under the minipy category', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const commands = (ext?.packageJSON.contributes?.commands ?? []) as { command: string; category?: string }[];
    assert.ok(commands.length > 0);
    for (const c of commands) assert.strictEqual(c.category, 'minipy', `${c.command} category`);
  });
});
