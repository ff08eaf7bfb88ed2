/*
 * Step narration: one to three sentences saying what the last instruction did
 * and why it matters, generated from the VM's snapshots before and after it
 * and the events recorded in between, never written per example. Pure (no
 * vscode import): the caller passes its translator (vscode.l10n.t in the
 * extension), so every sentence comes out in the learner's language.
 */

import { OPS_BY_NAME } from '../vm/bytecode/opcodes';
import type { FrameSnap, HolderSnap, ObjectSnap, Snapshot, ThreadSnap, VmEvent } from '../vm/snapshot-types';
import { MESSAGES } from './messages';

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** At most this many sentences: a learner reads two lines, not a log. */
const MAX_SENTENCES = 3;
const MAX_NAME = 40;

/** A short name for an object: "list [1, 2]", "Tracked object 0x7f…10", "function f", "class A". */
export function objectName(o: Pick<ObjectSnap, 'type' | 'repr'>): string {
  const m = /^<(?:[\w.]+\.)?(\w+) object at (0x[0-9a-f]+)>$/.exec(o.repr)
    ?? /^<(?:bound method|function|built-in function) ([\w.<>]+) at (0x[0-9a-f]+)>$/.exec(o.repr);
  if (m !== null) return o.repr.startsWith('<function') ? `function ${m[1]}` : o.repr.startsWith('<bound') ? `bound method ${m[1]}` : `${m[1]} object ${m[2]}`;
  const c = /^<class '(?:[\w]+\.)?([\w.]+)'>$/.exec(o.repr);
  if (c !== null) return `class ${c[1]}`;
  const gen = /^<(generator|coroutine) object ([\w.<>]+) at /.exec(o.repr);
  if (gen !== null) return `${gen[1]} ${gen[2]}`;
  const r = o.repr.length > MAX_NAME ? o.repr.slice(0, MAX_NAME - 1) + '…' : o.repr;
  return `${o.type} ${r}`;
}

/** The sentence for the instruction just run, concrete where its argument says more than the opcode's doc. */
function instructionSentence(opname: string, arg: string | undefined, t: Translate): string | undefined {
  if (arg !== undefined && arg !== '') {
    if (/^LOAD_(FAST|NAME|GLOBAL|DEREF|CLASSDEREF|CLOSURE)$/.test(opname)) return t(MESSAGES.opLoad, opname, arg.replace(/^NULL \+ /, ''));
    if (opname === 'LOAD_CONST') return t(MESSAGES.opLoadConst, opname, arg);
    if (/^STORE_(FAST|NAME|GLOBAL|DEREF)$/.test(opname)) return t(MESSAGES.opStore, opname, arg);
    if (/^DELETE_(FAST|NAME|GLOBAL|DEREF)$/.test(opname)) return t(MESSAGES.opDelete, opname, arg);
    if (opname === 'LOAD_ATTR' || opname === 'LOAD_METHOD') return t(MESSAGES.opAttr, opname, arg);
    if (opname === 'STORE_ATTR') return t(MESSAGES.opStoreAttr, opname, arg);
    if (opname === 'BINARY_OP') return t(MESSAGES.opBinary, opname, arg);
    if (opname === 'COMPARE_OP') return t(MESSAGES.opCompare, opname, arg);
  }
  const doc = OPS_BY_NAME.get(opname)?.doc;
  return doc === undefined ? undefined : t(MESSAGES.instruction, opname, t(doc));
}

export interface NarrateOptions {
  /** The events recorded since `prev`; default cur.events. */
  events?: readonly VmEvent[];
  /** The argument of a frame's current instruction as dis shows it ("x", "1 (+)"), when known. */
  argrepr?: (frame: FrameSnap) => string | undefined;
  /** Say what the last instruction did (true for a single-instruction step; a line step ran many). */
  instruction?: boolean;
}

function threadName(s: Snapshot | undefined, id: number | undefined): string {
  const th = s?.threads.find((t) => t.id === id);
  return th?.name ?? `thread ${id ?? '?'}`;
}

function holderWords(h: HolderSnap, heap: Map<number, ObjectSnap>, t: Translate): string {
  switch (h.kind) {
    case 'local': return t(MESSAGES.holderLocal, h.label);
    case 'global': return t(MESSAGES.holderGlobal, h.label);
    case 'stack': return t(MESSAGES.holderStack);
    case 'object': {
      const owner = h.ownerId === undefined ? undefined : heap.get(h.ownerId);
      const key = /^value of key '(.*)'$/.exec(h.label);
      if (owner !== undefined && key !== null && isModuleDict(owner)) return t(MESSAGES.holderGlobal, key[1]);
      return owner ? t(MESSAGES.holderObject, h.label, objectName(owner)) : t(MESSAGES.holderOther, h.label);
    }
    default: return t(MESSAGES.holderOther, h.label);
  }
}

const holderKey = (h: HolderSnap): string => `${h.kind}|${h.label}|${h.ownerId ?? ''}|${h.frameId ?? ''}`;

/** The same holders in the same order (what most objects keep from one step to the next), compared without building keys. */
function sameHolders(a: readonly HolderSnap[], b: readonly HolderSnap[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (x.kind !== y.kind || x.label !== y.label || x.ownerId !== y.ownerId || x.frameId !== y.frameId) return false;
  }
  return true;
}

/** Each snapshot's objects by id, built once: a step's "after" is the next step's "before". */
const byIdCache = new WeakMap<Snapshot, Map<number, ObjectSnap>>();
function objectsById(s: Snapshot): Map<number, ObjectSnap> {
  let m = byIdCache.get(s);
  if (m === undefined) {
    m = new Map();
    for (const o of s.heap) m.set(o.id, o);
    byIdCache.set(s, m);
  }
  return m;
}

function frameName(f: FrameSnap | undefined, t: Translate, subject = false): string {
  if (f === undefined) return '?';
  if (f.name === '<module>') return t(subject ? MESSAGES.theMainModuleSubject : MESSAGES.theMainModule);
  return `${f.name}()`;
}

/** The module's globals dict: a slot in it is a global variable to a learner. */
const isModuleDict = (o: ObjectSnap): boolean => o.type === 'dict' && o.repr.startsWith("{'__name__': '__main__'");

interface Ranked { rank: number; text: string }

/** What happened to the objects: births, deaths and the most telling refcount change. */
function heapSentences(prev: Snapshot, cur: Snapshot, t: Translate, out: Ranked[]): void {
  const before = objectsById(prev);
  const after = objectsById(cur);
  const born = cur.heap.filter((o) => !before.has(o.id));
  const died = prev.heap.filter((o) => !after.has(o.id));
  if (died.length === 1) out.push({ rank: 2, text: t(MESSAGES.freed, objectName(died[0])) });
  else if (died.length > 1) out.push({ rank: 2, text: t(MESSAGES.freedMany, died.length, died.slice(0, 3).map(objectName).join(', ') + (died.length > 3 ? ', …' : '')) });
  if (born.length === 1) out.push({ rank: 4, text: t(MESSAGES.created, born[0].type, objectName(born[0]), born[0].refcount) });
  else if (born.length > 1) out.push({ rank: 5, text: t(MESSAGES.createdMany, born.length) });
  // The refcount change worth a sentence: prefer a rise (a new holder to name), then a fall.
  let best: { o: ObjectSnap; was: ObjectSnap } | undefined;
  for (const o of cur.heap) {
    const was = before.get(o.id);
    if (was === undefined || was.refcount === o.refcount) continue;
    if (best === undefined || (o.refcount > was.refcount && best.o.refcount <= best.was.refcount)) best = { o, was };
  }
  if (best === undefined) {
    // No count changed: a reference that changed hands (a store from the stack into a name) still tells something.
    for (const o of cur.heap) {
      const was = before.get(o.id);
      if (was === undefined || was.holders.length !== o.holders.length || sameHolders(was.holders, o.holders)) continue;
      const old = new Set(was.holders.map(holderKey));
      const now = new Set(o.holders.map(holderKey));
      const gone = was.holders.filter((h) => !now.has(holderKey(h)));
      const fresh = o.holders.filter((h) => !old.has(holderKey(h)));
      if (gone.length === 1 && fresh.length === 1) {
        out.push({ rank: 3, text: t(MESSAGES.rcMoved, objectName(o), holderWords(gone[0], before, t), holderWords(fresh[0], after, t), o.refcount) });
        break;
      }
    }
  } else {
    const { o, was } = best;
    if (o.refcount > was.refcount) {
      const old = new Set(was.holders.map(holderKey));
      const fresh = o.holders.find((h) => !old.has(holderKey(h)));
      const who = fresh ? holderWords(fresh, after, t) : t(MESSAGES.holderStack);
      out.push({ rank: 3, text: t(MESSAGES.rcUp, objectName(o), o.refcount, was.refcount, who) });
    } else {
      out.push({ rank: 4, text: t(MESSAGES.rcDown, objectName(o), o.refcount, was.refcount) });
    }
  }
}

/** Calls, returns, and generator frames leaving or rejoining a stack. */
function frameSentences(prev: Snapshot, cur: Snapshot, thPrev: ThreadSnap, t: Translate, out: Ranked[]): void {
  const thCur = cur.threads.find((x) => x.id === thPrev.id);
  const top = thPrev.frames[0];
  const nowTop = thCur?.frames[0];
  if (top === undefined) return;
  const prevIds = new Set(thPrev.frames.map((f) => f.id));
  const curIds = new Set((thCur?.frames ?? []).map((f) => f.id));
  if (nowTop !== undefined && !prevIds.has(nowTop.id)) {
    const gen = nowTop.generatorId === undefined ? undefined : cur.heap.find((o) => o.id === nowTop.generatorId);
    const wasSuspended = gen !== undefined && prev.heap.some((o) => o.id === gen.id && o.genState !== undefined && /SUSPENDED/.test(o.genState));
    if (gen !== undefined && wasSuspended) out.push({ rank: 1, text: t(MESSAGES.genResumed, objectName(gen)) });
    else out.push({ rank: 1, text: t(MESSAGES.called, frameName(nowTop, t, true), frameName(top, t)) });
  } else if (!curIds.has(top.id) && thCur !== undefined) {
    const gen = top.generatorId === undefined ? undefined : cur.heap.find((o) => o.id === top.generatorId);
    if (gen?.genState !== undefined && /SUSPENDED/.test(gen.genState)) {
      out.push({ rank: 1, text: t(MESSAGES.genSuspended, objectName(gen), gen.genLine ?? top.line) });
    } else if (gen?.genState !== undefined && /CLOSED/.test(gen.genState)) {
      out.push({ rank: 1, text: t(MESSAGES.genClosed, objectName(gen), gen.genState) });
    } else if (thPrev.frames.length === 1 && cur.threads.every((x) => x.frames.length === 0)) {
      // The module's frame was the last one: the program is over and the interpreter shuts down.
      out.push({ rank: -1, text: t(MESSAGES.returned, frameName(top, t, true)) });
      out.push({ rank: -1, text: t(MESSAGES.shutdown) });
    } else {
      out.push({ rank: 1, text: t(MESSAGES.returned, frameName(top, t, true)) });
    }
  }
}

/** Events the VM recorded: the GIL, threads, the collector, generators, tasks, finalizers, exceptions. */
function eventSentences(cur: Snapshot, events: readonly VmEvent[], t: Translate, out: Ranked[]): void {
  const name = (id: number | undefined): string => threadName(cur, id);
  const interval = cur.processes[0]?.gil?.switchInterval ?? 0.005;
  const heap = new Map(cur.heap.map((o) => [o.id, o]));
  for (const e of events) {
    switch (e.kind) {
      case 'gil':
        if (e.action === 'drop-request') out.push({ rank: 0, text: t(MESSAGES.dropRequest, name(e.threadId), Math.round(interval * 1000), name(e.otherThreadId)) });
        else if (e.action === 'forced-switch') out.push({ rank: 0, text: t(MESSAGES.forcedSwitch, name(e.threadId), name(e.otherThreadId)) });
        else if (e.action === 'acquire') out.push({ rank: 1, text: t(MESSAGES.gilAcquire, name(e.threadId)) });
        else out.push({ rank: 2, text: t(MESSAGES.gilRelease, name(e.threadId)) });
        break;
      case 'thread': {
        const who = name(e.threadId);
        const msg = {
          running: MESSAGES.threadRunning, 'waiting-gil': MESSAGES.threadWaiting, sleeping: MESSAGES.threadSleeping,
          finished: MESSAGES.threadFinished, ready: MESSAGES.threadStarted, 'not-started': undefined, blocked: MESSAGES.threadBlocked,
        }[e.state];
        if (msg === MESSAGES.threadBlocked) out.push({ rank: 1, text: t(msg, who, e.reason ? t(MESSAGES.waitingFor, e.reason) : '') });
        else if (msg !== undefined) out.push({ rank: e.state === 'running' ? 3 : 1, text: t(msg, who) });
        break;
      }
      case 'gc': {
        const d = e.detail;
        const n = (k: string): number => (typeof d[k] === 'number' ? d[k] as number : Array.isArray(d[k]) ? (d[k] as unknown[]).length : 0);
        const text = {
          update_refs: t(MESSAGES.gcUpdateRefs, n('candidates')),
          subtract_refs: t(MESSAGES.gcSubtractRefs),
          move_unreachable: t(MESSAGES.gcMoveUnreachable, n('unreachable')),
          finalize: t(MESSAGES.gcFinalize, n('finalized')),
          delete_garbage: t(MESSAGES.gcDeleteGarbage, n('freed')),
          done: t(MESSAGES.gcDone, n('collected') + n('uncollectable')),
        }[e.phase];
        if (e.phase === 'update_refs') out.push({ rank: 0, text: t(MESSAGES.gcStart, e.generation) });
        // A whole collection in one step: its start, what it found and what it freed say enough.
        const whole = events.some((x) => x.kind === 'gc' && x.phase === 'done');
        if (whole && (e.phase === 'update_refs' || e.phase === 'subtract_refs' || e.phase === 'done')) break;
        if (e.phase === 'finalize' && n('finalized') === 0) break;
        out.push({ rank: 0, text });
        break;
      }
      case 'finalize': {
        const o = heap.get(e.id);
        out.push({ rank: 1, text: t(MESSAGES.finalized, o ? objectName(o) : e.type) });
        break;
      }
      case 'exception':
        out.push({ rank: 0, text: t(MESSAGES.raised, e.type, e.line, e.message) });
        break;
      case 'task': {
        const msg = { create: MESSAGES.taskCreated, step: MESSAGES.taskStep, done: MESSAGES.taskDone, cancel: MESSAGES.taskCancelled }[e.action];
        out.push({ rank: e.action === 'step' ? 1 : 2, text: t(msg, e.name) });
        break;
      }
      default:
        break;
    }
  }
}

/**
 * Narrate the step from `prev` to `cur`. Returns the sentences, most important first.
 */
export function narrate(prev: Snapshot | undefined, cur: Snapshot, t: Translate, options: NarrateOptions = {}): string[] {
  const events = options.events ?? cur.events ?? [];
  const out: Ranked[] = [];
  eventSentences(cur, events, t, out);
  if (prev !== undefined) {
    const th = prev.threads.find((x) => x.id === prev.currentThreadId) ?? prev.threads[0];
    const ran = th?.frames[0];
    if (ran !== undefined) {
      const text = options.instruction === false ? undefined : instructionSentence(ran.opname, options.argrepr?.(ran), t);
      if (text !== undefined) out.push({ rank: 2, text });
      frameSentences(prev, cur, th, t, out);
    }
    heapSentences(prev, cur, t, out);
  }
  // Stable: equal ranks keep the order they were found in.
  return out
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, MAX_SENTENCES)
    .map((r) => r.text);
}

/** The English translator: fills {n} placeholders (what vscode.l10n.t does without a bundle). */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
