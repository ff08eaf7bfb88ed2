/*
 * The few things the debug adapter needs from a running minipy program. The
 * adapter depends on this interface only; vm-session-port.ts adapts the VM's
 * Session to it and the unit tests use a tiny fake for edge cases. Keeping it
 * this small (one instruction forward, jump to a step, read the state) lets
 * the adapter own every stepping rule and stay independent of the VM's names.
 */

import type { Snapshot } from '../../vm/snapshot-types';
import type { Diagnostic, SessionPosition, SessionSignal } from '../../vm/index';

/**
 * Cheap facts about the instruction about to run, read after every instruction
 * (no heap walk), and the typed signals an instruction can report. The VM's
 * Session defines them; `lineStart` is true exactly where CPython's tracer
 * would report a 'line' event (never on RESUME).
 */
export type VmPosition = SessionPosition;
/** `null` from stepInstruction means "an ordinary instruction". */
export type VmSignal = SessionSignal;

/** One row of a code object's disassembly, named as dis.Instruction names its fields. */
export interface DisLine {
  offset: number;
  opname: string;
  /** The numeric argument, null for instructions without one (dis prints it before argrepr). */
  arg?: number | null;
  argrepr: string;
  /** Source line, or -1 when the instruction has none. */
  line: number;
  /** Set when this instruction starts a new source line (dis's starts_line). */
  startsLine?: number;
}

export interface VmPort {
  /** Run exactly one instruction of whichever thread the scheduler picks. */
  stepInstruction(): VmSignal | null;
  position(): VmPosition;
  /** The full plain-data state; costs a heap walk, so the adapter asks once per stop. */
  snapshot(): Snapshot;
  /** Everything printed so far (cheap: the adapter sends the new part after each slice). */
  output(): { stdout: string; stderr: string };
  /** Re-create the state after exactly `step` instructions (step back, reverse continue). */
  goToStep(step: number): void;
  /** Disassembly of the code object a FrameSnap.codeKey names, or undefined if unknown. */
  disassemble(codeKey: string): DisLine[] | undefined;
  /** The step at which object `id` (main process) was freed, if it was freed recently. */
  freedAt?(id: number): number | undefined;
  /** Evaluate an expression in a frame if the VM can do so without side effects; undefined when it cannot. */
  evaluate?(expression: string, frameId: number): { ok: true; repr: string; type: string } | { ok: false; error: string } | undefined;
  dispose(): void;
}

/** What the VM is created with: the launch options that concern the VM itself. */
export type RefcountMode = 'plain' | 'naive-racy' | 'biased';
export type SwitchCheck = '3.11' | '3.9';

export interface VmOptions {
  gil: boolean;
  refcount: RefcountMode;
  cores: number;
  seed: number;
  /** sys.setswitchinterval, in seconds of virtual time. */
  switchInterval: number;
  switchCheck: SwitchCheck;
}

/** Either a running program or the syntax error that stopped it from starting. */
export type PortResult = { ok: true; port: VmPort } | { ok: false; diagnostic: Diagnostic };

export type PortFactory = (source: string, filename: string, options: VmOptions) => PortResult;
