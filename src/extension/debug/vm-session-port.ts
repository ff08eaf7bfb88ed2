/*
 * The real VM behind the adapter's VmPort: the VM's Session already has the
 * port's shape (stepInstruction, position, snapshot, output, goToStep,
 * disassemble), so this only creates it. Session.create compiles first, so a
 * syntax error refuses to start with CPython's diagnostic.
 */

import { Session } from '../../vm/index';
import type { PortFactory, VmPort } from './vm-port';

export const createVmPort: PortFactory = (source, filename, options) => {
  // switchInterval and switchCheck reach the scheduler; gil/refcount/cores/seed wait for the free-threading work.
  const created = Session.create(source, filename, { switchInterval: options?.switchInterval, switchCheck: options?.switchCheck, seed: options?.seed });
  if (!created.ok) return { ok: false, diagnostic: created.diagnostic };
  const port: VmPort = created.session;
  return { ok: true, port };
};
