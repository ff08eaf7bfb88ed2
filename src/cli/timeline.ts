/*
 * `minipy timeline FILE`: runs the program and prints, per thread, a text
 * lane of what it did over virtual time: # running (holding the GIL, or a
 * core without it), . waiting for the GIL, x blocked, z sleeping.
 */

import { Program, compile, type RunOptions } from '../vm/index';
import { formatSyntaxError } from '../vm/syntax/index';

const WIDTH = 64;
const MARK: Record<string, string> = { running: '#', 'waiting-gil': '.', blocked: 'x', sleeping: 'z' };

export function timeline(source: string, name: string, options: RunOptions): { text: string; exitCode: number } {
  const c = compile(source, name);
  if (!c.ok) return { text: formatSyntaxError(c.error), exitCode: 1 };
  const prog = new Program(c.code, source, name, options);
  const out = prog.run(options.maxSteps ?? 100_000_000);
  const end = Math.max(prog.interp.now(), 1e-9);
  const lanes = prog.scheduler.lanes();
  const threads = prog.interp.threads;
  const nameWidth = Math.max(...threads.map((t) => t.name.length), 6);
  const lines: string[] = [];
  lines.push(`${'thread'.padEnd(nameWidth)}  0 ms${' '.repeat(WIDTH - 4 - (end * 1000).toFixed(3).length - 3)}${(end * 1000).toFixed(3)} ms`);
  for (const th of threads) {
    const cells = new Array<string>(WIDTH).fill(' ');
    const weight = new Array<number>(WIDTH).fill(0);
    for (const seg of lanes) {
      if (seg.threadId !== th.id) continue;
      // Each cell shows what took most of its slice of time.
      for (let i = Math.floor((seg.start / end) * WIDTH); i < WIDTH && i <= Math.floor((seg.end / end) * WIDTH); i++) {
        const c0 = (i / WIDTH) * end, c1 = ((i + 1) / WIDTH) * end;
        const overlap = Math.min(c1, seg.end) - Math.max(c0, seg.start);
        if (overlap > weight[i]) { weight[i] = overlap; cells[i] = MARK[seg.state] ?? '?'; }
      }
    }
    lines.push(`${th.name.padEnd(nameWidth)}  ${cells.join('')}  ${(th.cpuTime * 1000).toFixed(3)} ms running`);
  }
  lines.push(`${' '.repeat(nameWidth)}  # running${prog.scheduler.gil ? ' with the GIL' : ''}   . waiting for ${prog.scheduler.gil ? 'the GIL' : 'a core'}   x blocked   z sleeping`);
  const gilEvents = prog.scheduler.events.filter((e) => e.kind === 'gil');
  if (prog.scheduler.gil) {
    const switches = gilEvents.filter((e) => e.kind === 'gil' && e.action === 'forced-switch').length;
    lines.push(`${' '.repeat(nameWidth)}  ${switches} forced switch${switches === 1 ? '' : 'es'} in the last ${gilEvents.length} GIL events`);
  }
  const failed = out.kind === 'error' || out.kind === 'deadlock' || out.kind === 'fault';
  if (out.kind === 'deadlock' || out.kind === 'fault') lines.push(`minipy: ${out.report}`);
  return { text: lines.join('\n') + '\n', exitCode: failed ? 1 : 0 };
}
