/*
 * The minipy debug adapter: one DAP request handler per request, over a
 * VmPort. It owns every stepping rule (line, over, out, instruction, back),
 * breakpoints (conditions, hit counts, logpoints), exception stops, and the
 * slice loop that keeps the extension host responsive: run instructions for a
 * few milliseconds, yield with setImmediate, look at the pause flag, repeat.
 * Runs inline in the extension host (inline-factory.ts) or on a socket (tests).
 */

import * as fs from 'fs';
import * as path from 'path';
import {
  Breakpoint, DebugSession, Event, ExitedEvent, Handles, InitializedEvent, OutputEvent, Scope, Source,
  StackFrame, StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameSnap, Snapshot, ThreadSnap, ValueSnap, VarSnap } from '../../vm/snapshot-types';
import { librarySource, type Diagnostic } from '../../vm/index';
import { BreakpointTable, hitConditionMet, normalise } from './breakpoints';
import { evaluate, isTruthy, objectById, type EvalScope } from './evaluator';
import { vmOptionsOf, type MinipyLaunchArguments } from './launch-config';
import { LineHistory, type LineRecord } from './line-history';
import { addressOf, describeValue, hoverLine, hoverMarkdown, typeName } from './render';
import type { DisLine, PortFactory, VmPort, VmPosition, VmSignal } from './vm-port';
import type { CheckpointEvent, InspectArguments, InspectResult, MinipyStateEvent } from './custom-protocol';
import * as l10n from '@vscode/l10n';
import { noteFor, parseAnnotations, type LineNotes } from '../../narration/annotations';
import { narrate } from '../../narration/narrate';
import { panelState } from './panel-state';
import type { FullPanelState } from '../../protocol';

/** What the slice loop is running towards. */
type Goal =
  | { kind: 'continue' }
  | { kind: 'entry' }
  | { kind: 'instruction' }
  | { kind: 'in' | 'over' | 'out'; threadId: number; depth: number }
  /** The panel's "go to step N" forward, and "run until this object is freed". */
  | { kind: 'until-step'; step: number }
  | { kind: 'until-freed'; id: number };

type StopReason = 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause' | 'goto';

/** What a VARIABLES handle points at. */
type Container =
  | { kind: 'locals'; threadId: number; index: number }
  | { kind: 'stack'; threadId: number; index: number }
  | { kind: 'globals'; pid: number }
  | { kind: 'memory' }
  | { kind: 'gil' }
  | { kind: 'object'; id: number; evaluateName?: string };

type FrameRef = { kind: 'thread'; threadId: number; index: number } | { kind: 'generator'; objectId: number };

interface ExceptionStop {
  type: string;
  message: string;
  traceback?: string;
  uncaught: boolean;
}

/** How long one slice runs before yielding to the event loop; small enough that pause answers at once. */
const SLICE_MS = 15;
const ENTRY_SEARCH_LIMIT = 100_000;

export class MinipyDebugSession extends DebugSession {
  private port: VmPort | undefined;
  private args: MinipyLaunchArguments | undefined;
  private programPath = '';
  private readonly breakpoints = new BreakpointTable();
  private readonly history = new LineHistory();
  /** Lines marked `#!checkpoint` in the program not reached yet (tutorial completion). */
  private checkpoints = new Set<number>();
  private exceptionFilters = { raised: false, uncaught: true };
  private goal: Goal | undefined;
  private looping = false;
  /** The state sent at the last stop (the panel shows its narration). */
  private lastState: MinipyStateEvent | undefined;
  /** Live bytes at each stop the panel has seen. */
  private memory: { step: number; bytes: number }[] = [];
  /** Wall-clock time of the last stop: the panel measures step-to-rendered from it. */
  private stoppedAt = 0;
  private pauseRequested = false;
  private announcedRunning = false;
  private hitBreakpointId: number | undefined;
  private costlyStep = false;
  /** Set by an uncaught exception: the exit code if the program then ends. */
  private exitCode: number | undefined;
  /** The step whose uncaught exception we rewound from (see onSignal). */
  private rewoundFrom = -1;
  private terminated = false;
  private snap: Snapshot | undefined;
  private exception: ExceptionStop | undefined;
  private ended = false;
  private sent = { stdout: 0, stderr: 0 };
  private readonly containers = new Handles<Container>();
  private readonly frames = new Handles<FrameRef>();
  private readonly codeIndex = new Map<string, number>();
  private readonly codeKeys: string[] = [''];
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => { this.configurationDone = resolve; });

  /** The snapshot at the stop a run started from: narration compares it with the next stop. */
  private narrateFrom: Snapshot | undefined;
  private lastGoal: Goal['kind'] | undefined;
  private notes = new Map<number, LineNotes>();

  constructor(private readonly portFactory: PortFactory, private readonly language = 'en') {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ---- lifecycle -------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsDisassembleRequest: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsExceptionInfoRequest: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['.', '['],
      supportsValueFormattingOptions: false,
      exceptionBreakpointFilters: [
        { filter: 'raised', label: l10n.t('Raised Exceptions'), default: false, description: l10n.t('Stop whenever an exception is raised, even if it is caught.') },
        { filter: 'uncaught', label: l10n.t('Uncaught Exceptions'), default: true, description: l10n.t('Stop when an exception would end a thread, before its traceback is printed.') },
      ],
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: MinipyLaunchArguments): Promise<void> {
    this.args = args;
    const started = this.startProgram(args);
    if (typeof started === 'string') {
      this.sendErrorResponse(response, { id: 1001, format: '{_msg}', variables: { _msg: started }, showUser: true });
      return;
    }
    // Breakpoints arrive between `initialized` and `configurationDone`; wait (briefly) so the first run sees them.
    await Promise.race([this.configured, new Promise<void>((r) => setTimeout(r, 1000))]);
    this.sendResponse(response);
    this.begin();
  }

  /** Create the VM for `args`; a string is the reason it could not start. */
  private startProgram(args: MinipyLaunchArguments): true | string {
    this.programPath = args.program ? path.resolve(args.program) : '<string>';
    let source: string;
    try {
      source = args.source ?? fs.readFileSync(this.programPath, 'utf8');
    } catch (e) {
      return l10n.t('Cannot read {0}: {1}', this.programPath, (e as Error).message);
    }
    let result;
    try {
      result = this.portFactory(source, this.programPath, vmOptionsOf(args));
    } catch (e) {
      return l10n.t('minipy could not start: {0}', (e as Error).message);
    }
    if (!result.ok) return syntaxMessage(result.diagnostic);
    this.port?.dispose();
    this.port = result.port;
    this.notes = parseAnnotations(source);
    this.checkpoints = new Set([...this.notes].filter(([, n]) => n.checkpoint).map(([line]) => line));
    this.narrateFrom = undefined;
    this.history.clear();
    this.sent = { stdout: 0, stderr: 0 };
    this.ended = false;
    this.terminated = false;
    this.exception = undefined;
    this.exitCode = undefined;
    this.rewoundFrom = -1;
    this.history.record(this.port.position());
    return true;
  }

  /** After launch or restart: stop on the first line, or run (checking a breakpoint on the very first line). */
  private begin(): void {
    const pos = this.port?.position();
    if (this.args?.stopOnEntry && !this.args.noDebug) {
      // The VM may already stand on the first line (no line-less prologue to run first).
      if (pos && pos.lineStart && pos.line > 0) this.stopAt('entry', pos.threadId);
      else this.resume({ kind: 'entry' });
      return;
    }
    if (pos && pos.lineStart && pos.line > 0 && !this.args?.noDebug && this.breakpointStops(pos)) { this.stopAt('breakpoint', pos.threadId); return; }
    this.resume({ kind: 'continue' });
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    const launch = (args?.arguments as MinipyLaunchArguments | undefined) ?? this.args;
    if (!launch) { this.sendErrorResponse(response, 1002, l10n.t('Nothing to restart.')); return; }
    this.goal = undefined;
    this.args = launch;
    const started = this.startProgram(launch);
    if (typeof started === 'string') {
      this.sendErrorResponse(response, { id: 1001, format: '{_msg}', variables: { _msg: started }, showUser: true });
      return;
    }
    this.sendResponse(response);
    this.begin();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.endProgram();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.endProgram();
    this.sendResponse(response);
  }

  /** VS Code disposes an inline adapter when the session ends, however it ends: free the VM too. */
  override dispose(): void {
    this.endProgram();
    super.dispose();
  }

  private endProgram(): void {
    this.goal = undefined;
    this.terminated = true;
    this.port?.dispose();
    this.port = undefined;
  }

  // ---- breakpoints -----------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ?? args.source.name ?? '';
    const bps = this.breakpoints.set(file, args.breakpoints ?? (args.lines ?? []).map((line) => ({ line })), codeLines(file, this.sameFile(file) ? this.args?.source : undefined));
    response.body = { breakpoints: bps.map((b) => Object.assign(new Breakpoint(b.verified, b.line), b)) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = { raised: args.filters.includes('raised'), uncaught: args.filters.includes('uncaught') };
    this.sendResponse(response);
  }

  private sameFile(file: string): boolean {
    return normalise(path.resolve(file)) === normalise(this.programPath);
  }

  /** Count a hit on a breakpoint at `pos` and decide whether it stops; logpoints print and go on. */
  private breakpointStops(pos: VmPosition): boolean {
    const bp = this.breakpoints.at(pos.filename, pos.line);
    if (!bp) return false;
    this.invalidate(); // the program has moved since any snapshot we hold
    this.costlyStep = true;
    const scope = (): EvalScope => this.scopeFor(pos.threadId, 0);
    if (bp.condition) {
      const r = evaluate(bp.condition, scope());
      // A condition that cannot be evaluated stops, as other debuggers do, and says why.
      if (!r.ok) this.sendEvent(new OutputEvent(l10n.t("Breakpoint condition '{0}' on line {1}: {2}", bp.condition ?? '', bp.line, r.error) + '\n', 'console'));
      else if (!isTruthy(r.value, scope())) return false;
    }
    bp.hits++;
    if (bp.hitCondition && !hitConditionMet(bp.hitCondition, bp.hits)) return false;
    if (bp.logMessage) {
      this.flushOutput();
      const text = bp.logMessage.replace(/\{([^{}]+)\}/g, (_m, expr: string) => {
        const r = evaluate(expr, scope());
        return r.ok ? (r.value.kind === 'str' ? unquoteStr(r.value.repr) : r.value.repr) : `<${r.error}>`;
      });
      this.sendEvent(new OutputEvent(text + '\n', 'console'));
      return false;
    }
    this.hitBreakpointId = bp.id;
    return true;
  }

  // ---- running ---------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resume({ kind: 'continue' });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.sendResponse(response);
    this.resume(this.lineGoal('over', args.threadId, args.granularity));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.sendResponse(response);
    this.resume(this.lineGoal('in', args.threadId, args.granularity));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.sendResponse(response);
    this.resume(this.lineGoal('out', args.threadId, args.granularity));
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    if (this.looping) this.pauseRequested = true;
  }

  private lineGoal(kind: 'in' | 'over' | 'out', threadId: number, granularity?: DebugProtocol.SteppingGranularity): Goal {
    if (granularity === 'instruction' && kind !== 'out') return { kind: 'instruction' };
    const thread = this.snapshot()?.threads.find((t) => t.id === threadId);
    const depth = thread ? thread.frames.length : this.port?.position().depth ?? 0;
    return { kind, threadId: thread ? threadId : this.port?.position().threadId ?? threadId, depth };
  }

  private resume(goal: Goal): void {
    if (!this.port) return;
    if (this.ended) { this.finish(); return; }
    this.narrateFrom = this.safeSnapshot();
    this.lastGoal = goal.kind;
    this.invalidate();
    this.goal = goal;
    this.pauseRequested = false;
    this.announcedRunning = false;
    if (!this.looping) {
      this.looping = true;
      setImmediate(() => this.slice());
    }
  }

  /** One slice of the run loop: instructions until a stop, the time budget, or a pause. */
  private slice(): void {
    const port = this.port;
    if (!port || !this.goal || this.terminated) { this.looping = false; return; }
    if (this.pauseRequested) {
      this.looping = false;
      this.pauseRequested = false;
      this.goal = undefined;
      this.stopAt('pause', port.position().threadId);
      return;
    }
    const deadline = Date.now() + SLICE_MS;
    for (let n = 1; ; n++) {
      const goal = this.goal;
      let signal: VmSignal | null;
      try {
        signal = port.stepInstruction();
      } catch (e) {
        signal = { kind: 'internal-error', message: (e as Error).message };
      }
      const pos = port.position();
      this.history.record(pos);
      if (this.checkpoints.size > 0 && pos.lineStart) this.checkCheckpoint(pos);
      if (signal && this.onSignal(signal, pos)) { this.looping = false; return; }
      if (!pos.alive) { this.looping = false; this.finish(); return; }
      const reason = this.goalReached(goal, pos, n);
      if (reason) { this.looping = false; this.stopAt(reason, pos.threadId); return; }
      // Look at the clock every 256 instructions, or at once after a breakpoint check (it may walk the heap).
      if (((n & 255) === 0 || this.costlyStep) && Date.now() >= deadline) break;
      this.costlyStep = false;
    }
    this.flushOutput();
    // Only a run that outlasts a slice is "running" to the status bar and decorations: steps do not flicker.
    if (!this.announcedRunning) {
      this.announcedRunning = true;
      this.sendEvent(new Event('minipy/state', { running: true, ended: false } satisfies MinipyStateEvent));
    }
    setImmediate(() => this.slice());
  }

  /** Tell the client, once per line, that the program reached a `#!checkpoint` line of its own file. */
  private checkCheckpoint(pos: VmPosition): void {
    if (!this.checkpoints.has(pos.line) || !this.sameFile(pos.filename)) return;
    this.checkpoints.delete(pos.line);
    this.sendEvent(new Event('minipy/checkpoint', { program: this.programPath, line: pos.line } satisfies CheckpointEvent));
  }

  /** Handle what an instruction reported; true when the loop must stop. */
  private onSignal(signal: VmSignal, pos: VmPosition): boolean {
    if (this.args?.noDebug && (signal.kind === 'raised' || signal.kind === 'uncaught')) return false;
    switch (signal.kind) {
      case 'raised':
        if (!this.exceptionFilters.raised) return false;
        this.exception = { type: signal.type, message: signal.message, uncaught: false };
        this.stopAt('exception', signal.threadId, `${signal.type}: ${signal.message}`);
        return true;
      case 'uncaught':
        this.exitCode = 1;
        if (!this.exceptionFilters.uncaught || this.rewoundFrom === pos.step) return false;
        this.exception = { type: signal.type, message: signal.message, traceback: signal.traceback, uncaught: true };
        if (!pos.alive && pos.step > 0) {
          // The VM reports it after the frames unwound; replay to just before the raising
          // instruction so CALL STACK and VARIABLES show where it happened. Continuing
          // raises it again at this step, which then ends the program instead of stopping.
          this.rewoundFrom = pos.step;
          this.jump(pos.step - 1);
          this.exception = { type: signal.type, message: signal.message, traceback: signal.traceback, uncaught: true };
        }
        this.stopAt('exception', signal.threadId || pos.threadId, `${signal.type}: ${signal.message}`);
        return true;
      case 'exited':
        this.finish(signal.exitCode);
        return true;
      case 'internal-error':
        // The VM's message may already say where; otherwise add the step.
        this.sendEvent(new OutputEvent(`minipy ${/^internal error at step \d+: /.test(signal.message) ? signal.message : `internal error at step ${pos.step}: ${signal.message}`}\n`, 'stderr'));
        this.finish(1);
        return true;
    }
  }

  private goalReached(goal: Goal | undefined, pos: VmPosition, n: number): StopReason | undefined {
    if (!goal) return 'pause';
    if (goal.kind === 'instruction') return 'step';
    const newLine = pos.lineStart && pos.line > 0;
    if (goal.kind === 'entry') return newLine ? 'entry' : n > ENTRY_SEARCH_LIMIT ? 'entry' : undefined;
    if (goal.kind === 'until-step') return pos.step >= goal.step ? 'goto' : undefined;
    if (goal.kind === 'until-freed' && this.port?.freedAt?.(goal.id) !== undefined) return 'step';
    if (newLine && !this.args?.noDebug && this.breakpoints.hasAny() && this.breakpointStops(pos)) return 'breakpoint';
    if (goal.kind === 'continue' || goal.kind === 'until-freed' || pos.threadId !== goal.threadId) return undefined;
    switch (goal.kind) {
      case 'in': return newLine || pos.depth < goal.depth ? 'step' : undefined;
      case 'over': return pos.depth < goal.depth || (pos.depth === goal.depth && newLine) ? 'step' : undefined;
      case 'out': return pos.depth < goal.depth ? 'step' : undefined;
    }
  }

  private stopAt(reason: StopReason, threadId: number, text?: string): void {
    this.goal = undefined;
    if (reason !== 'exception') this.exception = undefined;
    this.invalidate();
    this.flushOutput();
    const ev = new StoppedEvent(reason, threadId, text) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (reason === 'exception' && text) ev.body.description = l10n.t('Paused on {0}', text);
    if (reason === 'breakpoint' && this.hitBreakpointId !== undefined) ev.body.hitBreakpointIds = [this.hitBreakpointId];
    this.hitBreakpointId = undefined;
    this.stoppedAt = Date.now();
    // The panel hears first (in-process): its message then travels ahead of the work the stop starts in VS Code's window.
    this.lastState = this.stateEvent();
    for (const listener of this.stopListeners) listener();
    this.sendEvent(ev);
    this.sendEvent(new Event('minipy/state', this.lastState));
  }

  private finish(exitCode?: number): void {
    if (this.ended && exitCode === undefined && this.terminated) return;
    this.goal = undefined;
    this.ended = true;
    this.flushOutput();
    const code = exitCode ?? this.exitCode ?? this.safeSnapshot()?.exitCode ?? 0;
    if (!this.terminated) {
      this.terminated = true;
      this.sendEvent(new Event('minipy/state', { running: false, ended: true }));
      this.sendEvent(new ExitedEvent(code));
      this.sendEvent(new TerminatedEvent());
    }
  }

  private flushOutput(): void {
    if (!this.port) return;
    const out = this.port.output();
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = out[stream];
      if (text.length > this.sent[stream]) {
        this.sendEvent(new OutputEvent(text.slice(this.sent[stream]), stream));
        this.sent[stream] = text.length;
      }
    }
  }

  // ---- reverse ---------------------------------------------------------

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    const port = this.port;
    if (!port) { this.sendErrorResponse(response, 1003, l10n.t('No program is running.')); return; }
    this.sendResponse(response);
    const here = port.position();
    if (here.step === 0) { this.stopAt('step', here.threadId); return; }
    let target = here.step - 1;
    if (args.granularity !== 'instruction') {
      // Reverse of "step over": the latest line start of this thread in this frame or a caller, never inside a callee.
      const thread = this.snapshot()?.threads.find((t) => t.id === args.threadId);
      const tid = thread ? thread.id : here.threadId;
      const depth = thread ? thread.frames.length : here.depth;
      target = this.history.first()?.step ?? 0;
      for (const r of this.history.before(here.step)) if (r.threadId === tid && r.depth <= depth) { target = r.step; break; }
    }
    this.jump(target);
    this.stopAt('step', port.position().threadId);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    const port = this.port;
    if (!port) { this.sendErrorResponse(response, 1003, l10n.t('No program is running.')); return; }
    this.sendResponse(response);
    this.invalidate();
    this.pauseRequested = false;
    this.looping = true;
    setImmediate(() => this.reverseSlice(this.history.before(port.position().step)));
  }

  /**
   * One slice of the backwards search for a breakpoint hit. Conditions need the
   * VM moved to each candidate step, which can be slow, so this yields to the
   * event loop like the forward loop does and can be paused.
   */
  private reverseSlice(candidates: Generator<LineRecord>): void {
    const port = this.port;
    if (!port || this.terminated) { this.looping = false; return; }
    if (this.pauseRequested) {
      this.looping = false;
      this.pauseRequested = false;
      this.stopAt('pause', port.position().threadId);
      return;
    }
    const deadline = Date.now() + SLICE_MS;
    do {
      const next = candidates.next();
      if (next.done) {
        this.looping = false;
        this.jump(this.history.first()?.step ?? 0);
        this.stopAt('entry', port.position().threadId);
        return;
      }
      const r = next.value;
      const bp = this.breakpoints.at(r.filename, r.line);
      if (!bp || bp.logMessage) continue;
      this.jump(r.step);
      if (bp.condition) {
        const c = evaluate(bp.condition, this.scopeFor(r.threadId, 0));
        if (c.ok && !isTruthy(c.value, this.scopeFor(r.threadId, 0))) continue;
      }
      this.looping = false;
      this.stopAt('breakpoint', r.threadId);
      return;
    } while (Date.now() < deadline);
    setImmediate(() => this.reverseSlice(candidates));
  }

  private jump(step: number): void {
    // Narration tells what a step forward did; after a jump back there is nothing to tell.
    this.narrateFrom = undefined;
    this.port?.goToStep(step);
    this.ended = false;
    this.exitCode = undefined;
    this.exception = undefined;
    this.invalidate();
  }

  // ---- state -----------------------------------------------------------

  private invalidate(): void {
    this.snap = undefined;
    this.containers.reset();
    this.frames.reset();
  }

  private snapshot(): Snapshot | undefined {
    if (!this.port) return undefined;
    this.snap ??= this.port.snapshot();
    return this.snap;
  }

  private safeSnapshot(): Snapshot | undefined {
    try { return this.snapshot(); } catch { return undefined; }
  }

  private scopeFor(threadId: number, index: number): EvalScope {
    const snapshot = this.snapshot()!;
    const thread = snapshot.threads.find((t) => t.id === threadId);
    return { snapshot, frame: thread?.frames[index], processId: thread?.processId };
  }

  private visibleThreads(s: Snapshot): ThreadSnap[] {
    return s.threads.filter((t) => t.state !== 'finished' && t.state !== 'not-started');
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const s = this.looping ? undefined : this.safeSnapshot();
    const threads = s ? this.visibleThreads(s) : [];
    const multiProcess = (s?.processes.length ?? 0) > 1;
    response.body = {
      threads: threads.length > 0
        ? threads.map((t) => new Thread(t.id, `${multiProcess ? `pid ${t.processId}: ` : ''}${t.name}${t.holdsGil ? ' · ' + l10n.t('holds the GIL') : ''}${t.state !== 'running' && t.state !== 'ready' ? ` · ${t.state}${t.waitingFor ? ` (${t.waitingFor})` : ''}` : ''}`))
        : [new Thread(s?.currentThreadId || this.port?.position().threadId || 1, 'MainThread')],
    };
    this.sendResponse(response);
  }

  private codeRef(codeKey: string): number {
    let n = this.codeIndex.get(codeKey);
    if (n === undefined) {
      n = this.codeKeys.length;
      this.codeKeys.push(codeKey);
      this.codeIndex.set(codeKey, n);
    }
    return n;
  }

  /** A frame's instruction as a DAP memory reference: code object number in the high bits, byte offset below. */
  private address(codeKey: string, offset: number): string {
    return '0x' + (BigInt(this.codeRef(codeKey)) * 0x100000n + BigInt(offset)).toString(16);
  }

  private source(filename: string): Source {
    if (librarySource(filename) !== undefined) {
      // minipy's own Python (asyncio): shown read-only through the source request, de-emphasised.
      return Object.assign(new Source(filename, undefined, this.libraryRef(filename)), { presentationHint: 'deemphasize' as const });
    }
    return new Source(path.basename(filename), filename);
  }

  private readonly libraryRefs: string[] = [];

  private libraryRef(filename: string): number {
    let i = this.libraryRefs.indexOf(filename);
    if (i < 0) { this.libraryRefs.push(filename); i = this.libraryRefs.length - 1; }
    return 1000 + i;
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const filename = this.libraryRefs[(args.source?.sourceReference ?? args.sourceReference) - 1000];
    const text = filename === undefined ? undefined : librarySource(filename);
    if (text === undefined) {
      this.sendErrorResponse(response, 3100, l10n.t('No source for this frame.'));
      return;
    }
    response.body = { content: text, mimeType: 'text/x-python' };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const s = this.safeSnapshot();
    const thread = s?.threads.find((t) => t.id === args.threadId);
    const out: DebugProtocol.StackFrame[] = [];
    if (s && thread) {
      thread.frames.forEach((f, index) => {
        const sf: DebugProtocol.StackFrame = new StackFrame(this.frames.create({ kind: 'thread', threadId: thread.id, index }),
          f.generatorId !== undefined ? `${f.name} (generator, running)` : f.name, this.source(f.filename), f.line, f.col + 1);
        sf.endLine = f.endLine;
        sf.endColumn = f.endCol + 1;
        sf.instructionPointerReference = this.address(f.codeKey, f.offset);
        out.push(sf);
      });
      // Suspended generators live in no thread's chain; show them under the thread that owns the stop, marked as such.
      if (thread.id === s.currentThreadId || s.threads.length === 1) {
        const gens = s.heap.filter((o) => (o.genState === 'GEN_SUSPENDED' || o.genState === 'CORO_SUSPENDED') && o.genLine);
        if (gens.length > 0) {
          const label: DebugProtocol.StackFrame = { id: this.frames.create({ kind: 'generator', objectId: -1 }), name: 'suspended generators', line: 0, column: 0, presentationHint: 'label' };
          out.push(label);
          for (const g of gens) {
            out.push({
              id: this.frames.create({ kind: 'generator', objectId: g.id }),
              name: `${g.repr.replace(/^<(\w+ object )?/, '').replace(/ at 0x[0-9a-f]+>$/, '')} (suspended at line ${g.genLine})`,
              source: this.source(this.programPath), line: g.genLine ?? 0, column: 1, presentationHint: 'subtle',
            });
          }
        }
      }
    }
    const start = args.startFrame ?? 0;
    const count = args.levels ? args.levels : out.length;
    response.body = { stackFrames: out.slice(start, start + count), totalFrames: out.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const ref = this.frames.get(args.frameId);
    const s = this.safeSnapshot();
    const scopes: DebugProtocol.Scope[] = [];
    if (s && ref && ref.kind === 'thread') {
      const thread = s.threads.find((t) => t.id === ref.threadId);
      const frame = thread?.frames[ref.index];
      if (thread && frame) {
        const isModule = frame.name === '<module>';
        if (!isModule) scopes.push(Object.assign(new Scope(l10n.t('Locals'), this.containers.create({ kind: 'locals', threadId: thread.id, index: ref.index })), { presentationHint: 'locals' }));
        scopes.push(new Scope(l10n.t('Globals'), this.containers.create({ kind: 'globals', pid: thread.processId }), false));
        scopes.push(new Scope(l10n.t('Value stack'), this.containers.create({ kind: 'stack', threadId: thread.id, index: ref.index }), false));
        if (s.threads.length > 1) scopes.push(new Scope(l10n.t('Threads and the GIL'), this.containers.create({ kind: 'gil' }), false));
        scopes.push(new Scope(l10n.t('Memory and collector'), this.containers.create({ kind: 'memory' }), false));
      }
    } else if (s && ref && ref.kind === 'generator' && ref.objectId >= 0) {
      scopes.push(new Scope(l10n.t('Generator'), this.containers.create({ kind: 'object', id: ref.objectId }), false));
    }
    response.body = { scopes };
    this.sendResponse(response);
  }

  private variable(name: string, value: ValueSnap, s: Snapshot, evaluateName?: string): DebugProtocol.Variable {
    const o = value.kind === 'ref' ? objectById(s, value.id) : undefined;
    return {
      name,
      value: describeValue(value, s),
      type: typeName(value),
      evaluateName,
      variablesReference: o && (o.refs.length > 0 || o.holders.length > 0) ? this.containers.create({ kind: 'object', id: o.id, evaluateName }) : 0,
    };
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const c = this.containers.get(args.variablesReference);
    const s = this.safeSnapshot();
    const vars: DebugProtocol.Variable[] = [];
    if (s && c) {
      const frameOf = (threadId: number, index: number): FrameSnap | undefined => s.threads.find((t) => t.id === threadId)?.frames[index];
      const named = (list: readonly VarSnap[]) => { for (const v of list) vars.push(this.variable(v.name, v.value, s, v.name)); };
      switch (c.kind) {
        case 'locals': named(frameOf(c.threadId, c.index)?.locals ?? []); break;
        case 'globals': named(s.processes.find((p) => p.pid === c.pid)?.globals ?? s.processes[0]?.globals ?? []); break;
        case 'stack': (frameOf(c.threadId, c.index)?.stack ?? []).forEach((v, i) => vars.push(this.variable(`[${i}]`, v, s))); break;
        case 'memory': for (const [name, value] of memoryRows(s)) vars.push({ name, value, variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } }); break;
        case 'gil': for (const [name, value] of gilRows(s)) vars.push({ name, value, variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } }); break;
        case 'object': {
          const o = objectById(s, c.id);
          if (!o) break;
          const holders = o.holders.map((h) => h.ownerId !== undefined ? `${h.label} of ${addressOf(h.ownerId)}` : `${h.kind} ${h.label}`);
          vars.push({ name: '(refcount)', value: holders.length ? l10n.t('{0} — held by {1}', o.refcount, holders.join(', ')) : String(o.refcount), variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } });
          vars.push({ name: '(size)', value: l10n.t('{0} bytes', o.size), variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } });
          if (o.biased) vars.push({ name: '(biased count)', value: l10n.t('{0} local (owner {1}) + {2} shared', o.biased.local, o.biased.owner, o.biased.shared), variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } });
          if (o.genState) vars.push({ name: '(state)', value: o.genLine ? l10n.t('{0} at line {1}', o.genState, o.genLine) : o.genState, variablesReference: 0, presentationHint: { kind: 'virtual', attributes: ['readOnly'] } });
          for (const r of o.refs) {
            // A dict item reads as `['a']`; its key gets a row of its own only when the key is a heap object worth expanding.
            const item = /^value of key (.+)$/.exec(r.label);
            if (/^key /.test(r.label) && r.target.kind !== 'ref') continue;
            vars.push(this.variable(item ? `[${item[1]}]` : r.label, r.target, s, childExpression(c.evaluateName, r.label)));
          }
          break;
        }
      }
    }
    const start = args.start ?? 0;
    response.body = { variables: args.count ? vars.slice(start, start + args.count) : vars.slice(start) };
    this.sendResponse(response);
  }

  private evalScope(frameId: number | undefined): EvalScope | undefined {
    const s = this.safeSnapshot();
    if (!s) return undefined;
    const ref = frameId !== undefined ? this.frames.get(frameId) : undefined;
    if (ref && ref.kind === 'thread') return this.scopeFor(ref.threadId, ref.index);
    return this.scopeFor(s.currentThreadId, 0);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const scope = this.looping ? undefined : this.evalScope(args.frameId);
    if (!scope) { this.sendErrorResponse(response, { id: 2001, format: l10n.t('Not stopped: pause the program to evaluate.'), showUser: false }); return; }
    const r = evaluate(args.expression, scope);
    if (!r.ok) {
      this.sendErrorResponse(response, { id: 2002, format: '{_msg}', variables: { _msg: r.error }, showUser: false });
      return;
    }
    const v = this.variable(args.expression, r.value, scope.snapshot, args.expression);
    // VS Code's debug hover hides language hovers, so it carries the holders and generator state itself.
    const result = args.context === 'hover' ? hoverLine(r.value, scope.snapshot) : v.value;
    response.body = { result, type: v.type, variablesReference: v.variablesReference };
    this.sendResponse(response);
  }

  /** Debug Console completions: names in scope, or after `expr.` the attributes the snapshot knows. */
  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const scope = this.looping ? undefined : this.evalScope(args.frameId);
    const targets: DebugProtocol.CompletionItem[] = [];
    if (scope) {
      const before = args.text.slice(0, Math.max(0, args.column - 1));
      const dotted = /([A-Za-z_][\w.[\]'"-]*)\.(\w*)$/.exec(before);
      if (dotted) {
        const base = evaluate(dotted[1], scope);
        const o = base.ok && base.value.kind === 'ref' ? objectById(scope.snapshot, base.value.id) : undefined;
        for (const r of o?.refs ?? []) {
          if (r.label.startsWith('.') && r.label.slice(1).startsWith(dotted[2])) targets.push({ label: r.label.slice(1), type: 'property', length: dotted[2].length });
        }
      } else {
        const word = /(\w*)$/.exec(before)?.[1] ?? '';
        const names = new Set<string>([...(scope.frame?.locals ?? []).map((v) => v.name), ...(scope.snapshot.processes.find((p) => p.pid === scope.processId) ?? scope.snapshot.processes[0])?.globals.map((v) => v.name) ?? []]);
        for (const n of names) if (n.startsWith(word)) targets.push({ label: n, type: 'variable', length: word.length });
      }
    }
    response.body = { targets };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const e = this.exception;
    if (!e) { this.sendErrorResponse(response, 2003, l10n.t('Not stopped on an exception.')); return; }
    response.body = {
      exceptionId: e.type,
      description: e.message,
      breakMode: e.uncaught ? 'unhandled' : 'always',
      details: { message: e.message, typeName: e.type, fullTypeName: e.type, stackTrace: e.traceback ?? this.safeSnapshot()?.traceback },
    };
    this.sendResponse(response);
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const out: DebugProtocol.DisassembledInstruction[] = [];
    let base: bigint;
    try { base = BigInt(args.memoryReference) + BigInt(args.offset ?? 0); } catch { base = 0n; }
    const codeNo = Number(base / 0x100000n);
    const offset = Number(base % 0x100000n);
    const codeKey = this.codeKeys[codeNo];
    const rows = codeKey ? this.port?.disassemble(codeKey) ?? [] : [];
    let at = rows.findIndex((r) => r.offset >= offset);
    if (at < 0) at = rows.length;
    const first = at + (args.instructionOffset ?? 0);
    const source = this.source(this.programPath);
    const lastOffset = rows.length ? rows[rows.length - 1].offset : 0;
    const hex = (off: number) => '0x' + (BigInt(codeNo) * 0x100000n + BigInt(off)).toString(16);
    for (let k = 0; k < args.instructionCount; k++) {
      const i = first + k;
      const row = rows[i];
      if (!row) {
        // VS Code wants exactly instructionCount rows; outside the code object they are marked invalid.
        const off = i < 0 ? -2 * -i : lastOffset + 2 * (i - rows.length + 1);
        out.push({ address: off < 0 ? '0x' + (BigInt(codeNo) * 0x100000n - BigInt(-off)).toString(16) : hex(off), instruction: '', presentationHint: 'invalid' });
        continue;
      }
      out.push({
        address: hex(row.offset),
        instruction: disText(row),
        symbol: k === 0 || i === 0 ? codeKey : undefined,
        location: row.line > 0 ? source : undefined,
        line: row.line > 0 ? row.line : undefined,
      });
    }
    response.body = { instructions: out };
    this.sendResponse(response);
  }

  // ---- custom requests (hover, decorations, status bar) ------------------

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === 'minipy/inspect') {
      const a = (args ?? {}) as InspectArguments;
      const scope = this.looping ? undefined : this.evalScope(a.frameId);
      const r = scope ? evaluate(a.expression, scope) : undefined;
      if (!scope || !r || !r.ok) {
        response.body = { found: false, error: r && !r.ok ? r.error : 'not stopped' } satisfies InspectResult;
      } else {
        const o = r.value.kind === 'ref' ? objectById(scope.snapshot, r.value.id) : undefined;
        response.body = {
          found: true, type: typeName(r.value), repr: r.value.repr, refcount: o?.refcount, size: o?.size,
          holders: o?.holders.map((h) => h.label), genState: o?.genState, genLine: o?.genLine,
          markdown: hoverMarkdown(a.expression, r.value, scope.snapshot),
        } satisfies InspectResult;
      }
      this.sendResponse(response);
    } else if (command === 'minipy/state') {
      response.body = this.stateEvent();
      this.sendResponse(response);
    } else if (command === 'minipy/panel') {
      response.body = this.panelState();
      this.sendResponse(response);
    } else if (command === 'minipy/goToStep' || command === 'minipy/untilFreed') {
      const a = (args ?? {}) as { step?: unknown; id?: unknown };
      const n = command === 'minipy/goToStep' ? a.step : a.id;
      if (!this.port || this.looping || typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
        this.sendErrorResponse(response, 1004, l10n.t('Not stopped, or not a step or object number.'));
        return;
      }
      this.sendResponse(response);
      if (command === 'minipy/goToStep') this.goToStep(n);
      else this.untilFreed(n);
    } else {
      super.customRequest(command, response, args);
    }
  }

  /** What the panel draws at this stop, with the whole heap (the host sends each webview only what changed). */
  panelState(): FullPanelState | undefined {
    const s = this.looping ? undefined : this.safeSnapshot();
    if (s === undefined) return undefined;
    const { narration, note } = this.lastState ?? {};
    // Live bytes at each stop: the memory chart (a step back forgets the stops after it).
    const mem = this.memory.filter((m) => m.step < s.step);
    mem.push({ step: s.step, bytes: s.liveBytes });
    this.memory = mem.slice(-500);
    const port = this.port;
    return panelState(s, {
      memory: this.memory, narration: narration ?? [], note, stoppedAt: this.stoppedAt,
      disassemble: (key) => port?.disassemble(key),
    });
  }

  /** The panel's "go to step N": back by replay, forward by running (pausable) to it. Breakpoints do not stop it. */
  private goToStep(step: number): void {
    const port = this.port!;
    const here = port.position().step;
    if (step <= here || this.ended) {
      this.jump(Math.min(step, here));
      this.stopAt('goto', port.position().threadId);
    } else {
      this.resume({ kind: 'until-step', step });
    }
  }

  /** Run until object `id` is freed; one freed already goes back to the step that freed it. */
  private untilFreed(id: number): void {
    const port = this.port!;
    const at = port.freedAt?.(id);
    if (at === undefined) { this.resume({ kind: 'until-freed', id }); return; }
    this.jump(at);
    // A free at an instruction boundary (the collector, a thread's end) happens as the next step starts.
    if (this.snapshot()?.heap.some((o) => o.id === id && (o.processId ?? 1) === 1)) this.jump(at + 1);
    this.stopAt('goto', port.position().threadId);
  }

  private stateEvent(): MinipyStateEvent {
    const s = this.looping ? undefined : this.safeSnapshot();
    if (!s) return { running: this.looping, ended: this.ended };
    const gil = s.processes[0]?.gilHolder ?? null;
    return {
      running: false,
      ended: this.ended,
      step: s.step,
      clock: s.clock,
      gilHolder: gil === null ? null : s.threads.find((t) => t.id === gil)?.name ?? String(gil),
      gilEnabled: this.args?.gil !== false,
      threads: this.visibleThreads(s).map((t) => ({ id: t.id, name: t.name, holdsGil: t.holdsGil, state: t.state, filename: t.frames[0]?.filename ?? '', line: t.frames[0]?.line ?? 0 })),
      generators: s.heap.filter((o) => o.genState === 'GEN_SUSPENDED' && o.genLine).map((o) => ({ id: o.id, repr: o.repr, line: o.genLine ?? 0 })),
      ...this.narration(s),
    };
  }

  /** Narration of the step that led here and the example's note for the line now reached. */
  private narration(s: Snapshot): Pick<MinipyStateEvent, 'narration' | 'note' | 'filename' | 'line'> {
    const top = (s.threads.find((t) => t.id === s.currentThreadId) ?? s.threads[0])?.frames[0];
    if (top === undefined) return {};
    const port = this.port;
    const argrepr = (f: FrameSnap): string | undefined => port?.disassemble(f.codeKey)?.[f.instruction]?.argrepr;
    let narration: string[] | undefined;
    try {
      narration = this.narrateFrom === undefined ? undefined
        : narrate(this.narrateFrom, s, l10n.t, { argrepr, instruction: this.lastGoal === 'instruction', events: s.events });
    } catch {
      narration = undefined; // narration is a help, never a reason to fail a stop
    }
    const note = this.sameFile(top.filename) ? noteFor(this.notes, top.line, this.language) : undefined;
    return { narration, note, filename: top.filename, line: top.line };
  }

  private sendState(): void {
    const state = this.stateEvent();
    this.lastState = state;
    this.sendEvent(new Event('minipy/state', state));
  }

  /** Called in-process at each stop, just before its events are sent (the panel, when the adapter runs inline). */
  readonly stopListeners = new Set<() => void>();
}

/** One instruction as `python3 -m dis` prints it: name, argument, and the argument's meaning in brackets. */
export function disText(row: DisLine): string {
  const arg = row.arg === null || row.arg === undefined ? '' : String(row.arg);
  return `${row.opname.padEnd(20)} ${arg.padStart(3)}${row.argrepr ? ` (${row.argrepr})` : ''}`.trimEnd();
}

/** The expression that reaches a child slot, for "Copy as Expression" and Add to Watch. */
function childExpression(parent: string | undefined, label: string): string | undefined {
  if (!parent) return undefined;
  if (/^\[-?\d+\]$/.test(label)) return parent + label;
  if (/^\.[A-Za-z_]\w*$/.test(label)) return parent + label;
  const key = /^value of key (.+)$/.exec(label);
  return key ? `${parent}[${key[1]}]` : undefined;
}

function unquoteStr(repr: string): string {
  return repr.length >= 2 ? repr.slice(1, -1).replace(/\\n/g, '\n').replace(/\\'/g, "'").replace(/\\\\/g, '\\') : repr;
}

/** Lines with code on them (not blank, not only a comment): where a breakpoint can bind. */
function codeLines(file: string, text?: string): Set<number> | undefined {
  let src = text;
  if (src === undefined) {
    try { src = fs.readFileSync(file, 'utf8'); } catch { return undefined; }
  }
  const set = new Set<number>();
  src.split(/\r?\n/).forEach((l, i) => { if (l.trim() !== '' && !l.trim().startsWith('#')) set.add(i + 1); });
  return set;
}

export function syntaxMessage(d: Diagnostic): string {
  const where = d.filename ? l10n.t('{0}, line {1}', path.basename(d.filename), d.lineno) : l10n.t('line {0}', d.lineno);
  const at = d.offset ? l10n.t('{0}, column {1}', where, d.offset) : where;
  return l10n.t('{0}: {1} ({2}). Fix it and start again.', d.type, d.msg, at);
}

/** The Memory and collector scope: live bytes and peak, and the cycle collector's counts and last collection. */
function memoryRows(s: Snapshot): [string, string][] {
  const rows: [string, string][] = [
    [l10n.t('live bytes'), l10n.t('{0} bytes', s.liveBytes.toLocaleString('en-US'))],
    [l10n.t('peak bytes'), l10n.t('{0} bytes', s.peakBytes.toLocaleString('en-US'))],
    [l10n.t('live objects'), String(s.heap.length)],
  ];
  const gc = s.gc;
  if (gc === undefined) return rows;
  rows.push([l10n.t('gc enabled'), gc.enabled ? 'True' : 'False']);
  gc.counts.forEach((n, i) => rows.push([l10n.t('generation {0}', i), l10n.t('{0} of threshold {1}', n, gc.thresholds[i])]));
  const c = gc.collection;
  if (c !== undefined) {
    rows.push([l10n.t('last collection'), l10n.t('generation {0} at step {1}: {2} candidates, {3} unreachable, {4} freed', c.generation, c.step, c.candidates.length, c.unreachable.length, c.freed.length)]);
  }
  return rows;
}

/** The Threads and the GIL scope: who holds it, the drop request, and each thread's state and time on the virtual clock. */
function gilRows(s: Snapshot): [string, string][] {
  const p = s.processes[0];
  const byId = new Map(s.threads.map((t) => [t.id, t.name]));
  const rows: [string, string][] = [
    [l10n.t('virtual time'), l10n.t('{0} ms', (s.clock * 1000).toFixed(3))],
    [l10n.t('GIL holder'), p?.gilHolder != null ? byId.get(p.gilHolder) ?? String(p.gilHolder) : l10n.t('nobody')],
  ];
  if (p?.gil) {
    rows.push([l10n.t('drop request'), p.gil.dropRequested ? l10n.t('set by {0}', byId.get(p.gil.requestedBy ?? -1) ?? '?') : l10n.t('not set')]);
    rows.push([l10n.t('switch interval'), l10n.t('{0} ms', (p.gil.switchInterval * 1000).toFixed(1))]);
  }
  for (const t of s.threads) {
    const state = t.waitingFor ? `${t.state}: ${t.waitingFor}` : t.state;
    rows.push([t.name, l10n.t('{0}, ran {1} ms', state, ((t.cpuTime ?? 0) * 1000).toFixed(3))]);
  }
  return rows;
}
