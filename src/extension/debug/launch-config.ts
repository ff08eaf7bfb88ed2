/*
 * The `minipy` launch configuration: documented once here, mirrored by the
 * `configurationAttributes.launch` schema of package.json (keep both in step),
 * plus the defaults the adapter applies and the conversion to VM options.
 */

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RefcountMode, SwitchCheck, VmOptions } from './vm-port';

export interface MinipyLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** Absolute path of the .minipy file to run. */
  program: string;
  /** Stop on the first line before anything runs. Default false. */
  stopOnEntry?: boolean;
  /** Model the GIL (true, CPython 3.11) or let threads run truly in parallel (false, free-threaded). Default true. */
  gil?: boolean;
  /** How reference counts are updated without the GIL: 'plain' (as with the GIL), 'naive-racy' (load, add, store: two cores can lose an update) or 'biased' (PEP 703). Default 'plain'. */
  refcount?: RefcountMode;
  /** Simulated CPU cores (threads without the GIL, processes). Default 4. */
  cores?: number;
  /** Seed for the scheduler's and random's choices, so a run replays the same way. Default 0. */
  seed?: number;
  /** Switch interval in seconds of virtual time (sys.setswitchinterval). Default 0.005, as CPython. */
  switchInterval?: number;
  /** Where the GIL holder checks for a drop request: '3.11' (function entry, backward jumps, calls) or '3.9' (before every instruction). Default '3.11'. */
  switchCheck?: SwitchCheck;
  /** Program source to run instead of reading `program` (tests, unsaved editors). */
  source?: string;
}

export const LAUNCH_DEFAULTS = { stopOnEntry: false, gil: true, refcount: 'plain', cores: 4, seed: 0, switchInterval: 0.005, switchCheck: '3.11' } as const;

const REFCOUNT_MODES: readonly RefcountMode[] = ['plain', 'naive-racy', 'biased'];
const SWITCH_CHECKS: readonly SwitchCheck[] = ['3.11', '3.9'];

export function vmOptionsOf(args: MinipyLaunchArguments): VmOptions {
  const num = (v: unknown, d: number, min: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min ? v : d;
  return {
    gil: typeof args.gil === 'boolean' ? args.gil : LAUNCH_DEFAULTS.gil,
    refcount: REFCOUNT_MODES.includes(args.refcount as RefcountMode) ? args.refcount as RefcountMode : LAUNCH_DEFAULTS.refcount,
    cores: Math.floor(num(args.cores, LAUNCH_DEFAULTS.cores, 1)),
    seed: Math.floor(num(args.seed, LAUNCH_DEFAULTS.seed, 0)),
    switchInterval: num(args.switchInterval, LAUNCH_DEFAULTS.switchInterval, 0),
    switchCheck: SWITCH_CHECKS.includes(String(args.switchCheck) as SwitchCheck) ? String(args.switchCheck) as SwitchCheck : LAUNCH_DEFAULTS.switchCheck,
  };
}

/**
 * Launch options an example declares in its own `#!options` comment line
 * (gil=off refcount=naive-racy seed=7 ...), converted to launch arguments.
 * Unknown keys and bad values are left out; vmOptionsOf validates the rest.
 */
export function launchOptionsFromFile(declared: Record<string, string>): Partial<MinipyLaunchArguments> {
  const out: Partial<MinipyLaunchArguments> = {};
  const int = (v: string): number | undefined => (/^\d+$/.test(v) ? Number(v) : undefined);
  for (const [key, value] of Object.entries(declared)) {
    switch (key) {
      case 'gil': if (/^(on|true|off|false)$/.test(value)) out.gil = value === 'on' || value === 'true'; break;
      case 'refcount': if (REFCOUNT_MODES.includes(value as RefcountMode)) out.refcount = value as RefcountMode; break;
      case 'switchCheck': if (SWITCH_CHECKS.includes(value as SwitchCheck)) out.switchCheck = value as SwitchCheck; break;
      case 'cores': out.cores = int(value); break;
      case 'seed': out.seed = int(value); break;
      case 'switchInterval': if (Number.isFinite(Number(value)) && Number(value) >= 0) out.switchInterval = Number(value); break;
    }
  }
  for (const k of Object.keys(out) as (keyof typeof out)[]) if (out[k] === undefined) delete out[k];
  return out;
}
