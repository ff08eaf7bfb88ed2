/*
 * The `minipy` launch configuration: documented once here, mirrored by the
 * `configurationAttributes.launch` schema of package.json (keep both in step),
 * plus the defaults the adapter applies and the conversion to VM options.
 */

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { VmOptions } from './vm-port';

export interface MinipyLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** Absolute path of the .minipy file to run. */
  program: string;
  /** Stop on the first line before anything runs. Default false. */
  stopOnEntry?: boolean;
  /** Model the GIL (true, CPython 3.11) or let threads run truly in parallel (false, free-threaded). Default true. */
  gil?: boolean;
  /** Count references and show who holds each one. Default true. */
  refcount?: boolean;
  /** Simulated CPU cores (threads without the GIL, processes). Default 4. */
  cores?: number;
  /** Seed for the scheduler's and random's choices, so a run replays the same way. Default 0. */
  seed?: number;
  /** Switch interval in seconds of virtual time (sys.setswitchinterval). Default 0.005, as CPython. */
  switchCheck?: number;
  /** Program source to run instead of reading `program` (tests, unsaved editors). */
  source?: string;
}

export const LAUNCH_DEFAULTS = { stopOnEntry: false, gil: true, refcount: true, cores: 4, seed: 0, switchCheck: 0.005 } as const;

export function vmOptionsOf(args: MinipyLaunchArguments): VmOptions {
  const num = (v: unknown, d: number, min: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d;
  return {
    gil: typeof args.gil === 'boolean' ? args.gil : LAUNCH_DEFAULTS.gil,
    refcount: typeof args.refcount === 'boolean' ? args.refcount : LAUNCH_DEFAULTS.refcount,
    cores: Math.floor(num(args.cores, LAUNCH_DEFAULTS.cores, 1)),
    seed: Math.floor(num(args.seed, LAUNCH_DEFAULTS.seed, 0)),
    switchCheck: num(args.switchCheck, LAUNCH_DEFAULTS.switchCheck, 0),
  };
}
