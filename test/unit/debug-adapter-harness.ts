/*
 * Runs the minipy debug adapter on a local socket and connects a DebugClient
 * to it, as VS Code would talk to it, so tests drive the real protocol.
 */

import * as net from 'net';
import * as assert from 'assert';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { MinipyDebugSession } from '../../src/extension/debug/session';
import type { PortFactory } from '../../src/extension/debug/vm-port';
import type { MinipyLaunchArguments } from '../../src/extension/debug/launch-config';

export interface Adapter {
  dc: DebugClient;
  close(): Promise<void>;
}

export async function startAdapter(factory: PortFactory): Promise<Adapter> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const session = new MinipyDebugSession(factory);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dc = new DebugClient('node', 'unused', 'minipy');
  await dc.start(port);
  let closed = false;
  return {
    dc,
    // Idempotent: a skipped test's afterEach may meet the previous test's adapter.
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.race([dc.stop(), new Promise((r) => setTimeout(r, 500))]);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Rejects instead of waiting forever (the socket DebugClient has no timeouts of its own). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_r, reject) => { t = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); })])
    .finally(() => clearTimeout(t));
}

export function stopped(dc: DebugClient, ms = 5000): Promise<DebugProtocol.StoppedEvent> {
  return within(dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>, ms, "a 'stopped' event");
}

/** initialize, breakpoints, configurationDone and launch, as VS Code orders them. */
export async function launch(dc: DebugClient, args: MinipyLaunchArguments, breakpoints: DebugProtocol.SourceBreakpoint[] = [], exceptionFilters?: string[]): Promise<DebugProtocol.SetBreakpointsResponse | undefined> {
  let bpResponse: DebugProtocol.SetBreakpointsResponse | undefined;
  const configured = within(dc.waitForEvent('initialized'), 5000, 'initialized').then(async () => {
    if (breakpoints.length) bpResponse = await dc.setBreakpointsRequest({ source: { path: args.program }, breakpoints });
    if (exceptionFilters) await dc.setExceptionBreakpointsRequest({ filters: exceptionFilters });
    await dc.configurationDoneRequest();
  });
  await Promise.all([configured, dc.launch(args)]);
  return bpResponse;
}

export async function top(dc: DebugClient, threadId: number): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId });
  assert.ok(st.body.stackFrames.length > 0, 'no frames');
  return st.body.stackFrames[0];
}

/** Send a step request and wait for the stop it causes; returns the stop and the new top frame. */
export async function stepAndWait(dc: DebugClient, send: () => Promise<unknown>): Promise<{ ev: DebugProtocol.StoppedEvent; frame: DebugProtocol.StackFrame }> {
  const ev = stopped(dc);
  await send();
  const e = await ev;
  return { ev: e, frame: await top(dc, e.body.threadId!) };
}

export async function variablesOf(dc: DebugClient, ref: number): Promise<DebugProtocol.Variable[]> {
  return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
}
