/*
 * The real VM behind the adapter's VmPort. A syntax error is found first
 * (the same check the editor's diagnostics use) so the session refuses to
 * start with a message naming the line. Until src/vm exports a Session
 * (the runtime work in progress), starting says so plainly.
 */

import * as vmApi from '../../vm/index';
import { checkSyntax } from '../syntax-check';
import type { PortFactory } from './vm-port';

export const createVmPort: PortFactory = (source, filename) => {
  const diagnostic = checkSyntax(source, filename);
  if (diagnostic) return { ok: false, diagnostic };
  if (!('Session' in vmApi)) throw new Error('the minipy VM cannot run programs yet (no Session in src/vm/index.ts)');
  throw new Error('the minipy VM Session is not wired to the debugger yet');
};
