/*
 * The adapter's own requests and events, shared by the adapter and its VS
 * Code clients (hover, decorations, status bar), typed once here.
 *   request `minipy/inspect` (InspectArguments -> InspectResult): what a name holds
 *   request `minipy/state`   (-> MinipyStateEvent): threads, GIL, clock, generators now
 *   event   `minipy/state`   (MinipyStateEvent): sent on every stop and at the end
 *   event   `minipy/checkpoint` (CheckpointEvent): the program reached a `#!checkpoint` line
 */

export interface CheckpointEvent {
  program: string;
  line: number;
}

export interface InspectArguments {
  expression: string;
  frameId?: number;
}

export type InspectResult =
  | { found: false; error: string }
  | {
    found: true;
    type: string;
    repr: string;
    refcount?: number;
    size?: number;
    holders?: string[];
    genState?: string;
    genLine?: number;
    /** Ready-made hover text. */
    markdown: string;
  };

export interface ThreadLine {
  id: number;
  name: string;
  holdsGil: boolean;
  state: string;
  filename: string;
  line: number;
}

export interface MinipyStateEvent {
  running: boolean;
  ended: boolean;
  step?: number;
  clock?: number;
  /** Name of the thread holding the GIL (first process), or null. */
  gilHolder?: string | null;
  /** False when the session runs without a GIL (launch option gil: false). */
  gilEnabled?: boolean;
  threads?: ThreadLine[];
  generators?: { id: number; repr: string; line: number }[];
  /** What the step just taken did, in the user's language, most important first (narration). */
  narration?: string[];
  /** The example's own note (`#!` comment) for the line the stopped thread stands on. */
  note?: string;
  /** File and line the narration and note belong to. */
  filename?: string;
  line?: number;
}
