/*
 * The minipy panel: a webview beside the editor that follows the minipy
 * debug session and draws each stop. It opens when a session starts and by
 * command, is restored after a reload (WebviewPanelSerializer), runs under a
 * strict CSP with a nonce, and its buttons drive the same debug session as
 * VS Code's toolbar. Each stop's state comes straight from the in-process
 * adapter and only what changed in the heap is sent on.
 */

import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { COMMANDS } from './command-ids';
import { DEBUG_TYPE } from './debug/config-provider';
import { adapterOf } from './debug/inline-factory';
import { HeapDiff } from './heap-diff';
import { panelLabels } from './panel-labels';
import { isFromWebview, type FromWebview, type FullPanelState, type PanelCommand, type ToWebview } from '../protocol';

export const PANEL_VIEW_TYPE = 'minipy.panel';

const DEBUG_COMMANDS: Record<Exclude<PanelCommand, 'stepInstruction'>, string> = {
  stepOver: 'workbench.action.debug.stepOver',
  stepInto: 'workbench.action.debug.stepInto',
  stepOut: 'workbench.action.debug.stepOut',
  stepBack: 'workbench.action.debug.stepBack',
  continue: 'workbench.action.debug.continue',
  pause: 'workbench.action.debug.pause',
  restart: 'workbench.action.debug.restart',
};

/** One instruction forward in the stopped thread (VS Code's own step commands go by line unless the Disassembly view has focus). */
export async function stepInstruction(): Promise<void> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) return;
  const item = vscode.debug.activeStackItem;
  const threadId = item && item.session.id === session.id ? item.threadId : adapterOf(session)?.panelState()?.currentThreadId ?? 1;
  await session.customRequest('stepIn', { threadId, granularity: 'instruction' });
}

class MinipyPanel {
  static current: MinipyPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly diff = new HeapDiff();
  /** Whether this webview has the panel's words (VS Code's display language changes only with a reload, which reloads the webview too). */
  private labelsSent = false;

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (isFromWebview(m)) void this.onMessage(m); // anything else is ignored, never trusted
    }, null, this.disposables);
  }

  private async onMessage(m: FromWebview): Promise<void> {
    const session = vscode.debug.activeDebugSession;
    switch (m.type) {
      case 'ready':
        this.diff.reset();
        this.labelsSent = false;
        return this.refresh(session);
      case 'command':
        if (m.command === 'stepInstruction') return stepInstruction();
        await vscode.commands.executeCommand(DEBUG_COMMANDS[m.command]);
        return;
      case 'goToStep':
        if (session?.type === DEBUG_TYPE) await session.customRequest('minipy/goToStep', { step: m.step }).then(undefined, () => undefined);
        return;
      case 'untilFreed':
        if (session?.type === DEBUG_TYPE) await session.customRequest('minipy/untilFreed', { id: m.id }).then(undefined, () => undefined);
        return;
      case 'revealLine': {
        const program = session?.configuration.program as string | undefined;
        if (!program) return;
        const line = m.line - 1;
        await vscode.window.showTextDocument(vscode.Uri.file(program), { viewColumn: vscode.ViewColumn.One, preserveFocus: true, selection: new vscode.Range(line, 0, line, 0) });
        return;
      }
    }
  }

  static show(extensionUri: vscode.Uri, preserveFocus: boolean): MinipyPanel {
    if (MinipyPanel.current) {
      MinipyPanel.current.panel.reveal(undefined, preserveFocus);
      return MinipyPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, vscode.l10n.t('minipy'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, { retainContextWhenHidden: false });
    MinipyPanel.current = new MinipyPanel(panel, extensionUri);
    return MinipyPanel.current;
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
    MinipyPanel.current = new MinipyPanel(panel, extensionUri);
  }

  post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Send this stop's state (the heap as a delta); without a minipy session, say so. */
  async refresh(session: vscode.DebugSession | undefined): Promise<void> {
    if (session === undefined || session.type !== DEBUG_TYPE) {
      this.diff.reset();
      this.labelsSent = false;
      this.post({ type: 'idle', message: vscode.l10n.t('Start debugging a .minipy file (F5) to see its threads, memory and heap here.'), labels: panelLabels() });
      return;
    }
    let full: FullPanelState | undefined;
    const hostStart = Date.now();
    try {
      // The inline adapter is in this process; a remote one is asked over DAP.
      const adapter = adapterOf(session);
      full = adapter ? adapter.panelState() : (await session.customRequest('minipy/panel')) as FullPanelState | undefined;
    } catch {
      return; // the session ended between the stop and the request: the next stop or the end refreshes
    }
    if (!full) return;
    const heap = this.diff.delta(full.heap);
    const labels = this.labelsSent ? undefined : panelLabels();
    this.labelsSent = true;
    this.post({ type: 'state', state: { ...full, heap, hostStart, hostPosted: Date.now() }, labels });
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const worker = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'layout-worker.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css'));
    const codicons = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons', 'codicon.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      // The layout worker's script is fetched from the extension and started from a blob URL.
      `connect-src ${webview.cspSource}`,
      'worker-src blob:',
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>minipy</title>
<link rel="stylesheet" href="${codicons}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${css}">
</head>
<body data-worker="${worker}">
<main id="root" aria-live="polite"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    MinipyPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function registerPanel(context: vscode.ExtensionContext): void {
  const withPanel = (message: ToWebview) => () => {
    const p = MinipyPanel.show(context.extensionUri, false);
    p.post(message);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showPanel, () => {
      const p = MinipyPanel.show(context.extensionUri, false);
      void p.refresh(vscode.debug.activeDebugSession);
    }),
    vscode.commands.registerCommand(COMMANDS.stepInstruction, stepInstruction),
    vscode.commands.registerCommand(COMMANDS.togglePlay, withPanel({ type: 'play' })),
    vscode.commands.registerCommand(COMMANDS.goToStep, async () => {
      const session = vscode.debug.activeDebugSession;
      if (session?.type !== DEBUG_TYPE) return;
      const text = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Go to step (instructions executed since the start)'),
        validateInput: (v) => /^\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A step is a whole number, 0 or more.'),
      });
      if (text !== undefined) await session.customRequest('minipy/goToStep', { step: Number(text.trim()) }).then(undefined, () => undefined);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        MinipyPanel.revive(panel, context.extensionUri);
      },
    }),
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== DEBUG_TYPE) return;
      MinipyPanel.show(context.extensionUri, true);
      adapterOf(session)?.stopListeners.add(() => void MinipyPanel.current?.refresh(session));
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== 'minipy/state') return;
      const body = e.body as { running?: boolean; ended?: boolean };
      if (body.running) return;
      // An inline adapter tells the panel itself, without the round trip through the window.
      if (!body.ended && adapterOf(e.session) !== undefined) return;
      void MinipyPanel.current?.refresh(body.ended ? undefined : e.session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) void MinipyPanel.current?.refresh(undefined);
    }),
  );
}
