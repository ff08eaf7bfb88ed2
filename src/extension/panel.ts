/*
 * The minipy panel: a webview beside the editor that follows the minipy
 * debug session and draws each stop (threads and the GIL over virtual time,
 * memory, the collector, generators and the event loop, the heap). It opens
 * when a session starts and by command, is restored after a reload
 * (WebviewPanelSerializer), runs under a strict CSP with a nonce, and its
 * buttons drive the same debug session as VS Code's toolbar.
 */

import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import { COMMANDS } from './command-ids';
import { DEBUG_TYPE } from './debug/config-provider';
import { isFromWebview, type PanelCommand, type PanelState, type ToWebview } from '../protocol';

export const PANEL_VIEW_TYPE = 'minipy.panel';

const DEBUG_COMMANDS: Record<PanelCommand, string> = {
  stepOver: 'workbench.action.debug.stepOver',
  stepInto: 'workbench.action.debug.stepInto',
  stepOut: 'workbench.action.debug.stepOut',
  stepBack: 'workbench.action.debug.stepBack',
  continue: 'workbench.action.debug.continue',
  pause: 'workbench.action.debug.pause',
  restart: 'workbench.action.debug.restart',
};

/** The panel's words, in the user's language. */
function labels(): Record<string, string> {
  return {
    stepOver: vscode.l10n.t('Step Over'), stepInto: vscode.l10n.t('Step Into'), stepOut: vscode.l10n.t('Step Out'), stepBack: vscode.l10n.t('Step Back'),
    continue: vscode.l10n.t('Continue'), pause: vscode.l10n.t('Pause'), restart: vscode.l10n.t('Restart'),
    step: vscode.l10n.t('step'), clock: vscode.l10n.t('virtual time'), threads: vscode.l10n.t('Threads and the GIL'), holder: vscode.l10n.t('GIL holder'), nobody: vscode.l10n.t('nobody'),
    dropRequest: vscode.l10n.t('drop request'), setBy: vscode.l10n.t('set by {0}'), notSet: vscode.l10n.t('not set'), interval: vscode.l10n.t('switch interval'),
    running: vscode.l10n.t('running'), 'waiting-gil': vscode.l10n.t('waiting for the GIL'), blocked: vscode.l10n.t('blocked'), sleeping: vscode.l10n.t('sleeping'), finished: vscode.l10n.t('finished'),
    memory: vscode.l10n.t('Memory'), live: vscode.l10n.t('live bytes'), peak: vscode.l10n.t('peak bytes'), collector: vscode.l10n.t('Cycle collector'),
    generation: vscode.l10n.t('generation {0}'), lastCollection: vscode.l10n.t('last collection'), noCollection: vscode.l10n.t('no collection yet'),
    collectionText: vscode.l10n.t('generation {0} at step {1}: {2} candidates, {3} unreachable, {4} freed', '{0}', '{1}', '{2}', '{3}', '{4}'),
    generators: vscode.l10n.t('Generators and coroutines'), none: vscode.l10n.t('none'), eventLoop: vscode.l10n.t('Event loop'), ready: vscode.l10n.t('ready'), timers: vscode.l10n.t('timers'),
    heap: vscode.l10n.t('Heap'), objects: vscode.l10n.t('{0} objects, newest first', '{0}'), refcount: vscode.l10n.t('refcount'), size: vscode.l10n.t('bytes'), heldBy: vscode.l10n.t('held by'),
    narration: vscode.l10n.t('What just happened'),
  };
}

class MinipyPanel {
  static current: MinipyPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), null, this.disposables);
    panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isFromWebview(m)) return; // anything else is ignored, never trusted
      if (m.type === 'ready') void this.refresh(vscode.debug.activeDebugSession);
      else void vscode.commands.executeCommand(DEBUG_COMMANDS[m.command]);
    }, null, this.disposables);
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

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Ask the session for the panel's state and send it; without a minipy session, say so. */
  async refresh(session: vscode.DebugSession | undefined): Promise<void> {
    if (session === undefined || session.type !== DEBUG_TYPE) {
      this.post({ type: 'idle', message: vscode.l10n.t('Start debugging a .minipy file (F5) to see its threads, memory and heap here.'), labels: labels() });
      return;
    }
    try {
      const state = (await session.customRequest('minipy/panel')) as PanelState | undefined;
      if (state) this.post({ type: 'state', state, labels: labels() });
    } catch {
      // The session ended between the stop and the request: the next stop or the end refreshes.
    }
  }

  idle(): void {
    void this.refresh(undefined);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>minipy</title>
<style nonce="${nonce}">${PANEL_CSS}</style>
</head>
<body>
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
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showPanel, () => {
      const p = MinipyPanel.show(context.extensionUri, false);
      void p.refresh(vscode.debug.activeDebugSession);
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        MinipyPanel.revive(panel, context.extensionUri);
      },
    }),
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type === DEBUG_TYPE) MinipyPanel.show(context.extensionUri, true);
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
      if (e.session.type !== DEBUG_TYPE || e.event !== 'minipy/state') return;
      const body = e.body as { running?: boolean; ended?: boolean };
      if (body.running) return;
      void MinipyPanel.current?.refresh(body.ended ? undefined : e.session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) MinipyPanel.current?.idle();
    }),
  );
}

/** The panel's look: VS Code's own colours and fonts through its theme variables. */
const PANEL_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 12px 16px; }
h2 { font-size: 1.05em; font-weight: 600; margin: 16px 0 6px; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding-bottom: 3px; }
.toolbar { position: sticky; top: 0; background: var(--vscode-editor-background); display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 0; z-index: 1; align-items: center; }
.meta { color: var(--vscode-descriptionForeground); margin-left: auto; }
.narration { background: var(--vscode-textBlockQuote-background); border-left: 3px solid var(--vscode-textLink-foreground); padding: 6px 10px; margin: 6px 0; }
.note { color: var(--vscode-textPreformat-foreground); }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 2px 6px; vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
tr:nth-child(even) td { background: var(--vscode-list-hoverBackground); }
code, .mono { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
.badge { display: inline-block; min-width: 1.6em; text-align: center; border-radius: 8px; padding: 0 5px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.holder { font-weight: 600; color: var(--vscode-charts-green); }
.muted { color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-foreground); font-size: 11px; }
.lane-running { fill: var(--vscode-charts-green); }
.lane-waiting-gil { fill: var(--vscode-charts-yellow); }
.lane-blocked { fill: var(--vscode-charts-red); }
.lane-sleeping { fill: var(--vscode-charts-blue); }
.axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.mem-line { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
.peak-line { stroke: var(--vscode-charts-orange); stroke-dasharray: 4 3; }
.bar-bg { fill: var(--vscode-editorWidget-background, var(--vscode-input-background)); stroke: var(--vscode-widget-border, transparent); }
.bar { fill: var(--vscode-charts-purple); }
.legend span { margin-right: 12px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
`;
