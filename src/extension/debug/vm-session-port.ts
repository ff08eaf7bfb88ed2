/*
 * The real VM behind the adapter's VmPort: the VM's Session already has the
 * port's shape (stepInstruction, position, snapshot, output, goToStep,
 * disassemble), so this only creates it. Session.create compiles first, so a
 * syntax error refuses to start with CPython's diagnostic.
 */

import { Session } from '../../vm/index';
import { hostHeadroom } from '../../host-memory';

/** The extension host is shared with other extensions: a program gets MemoryError well before it is in danger. */
const extensionHostHeadroom = hostHeadroom(0.6);
import type { PortFactory, VmPort } from './vm-port';

export const createVmPort: PortFactory = (source, filename, options) => {
  // The launch options reach the VM's scheduler: the GIL or none, cores, refcount mode, seed, switch interval and check.
  const created = Session.create(source, filename, {
    switchInterval: options?.switchInterval, switchCheck: options?.switchCheck, seed: options?.seed,
    gil: options?.gil, cores: options?.cores, refcount: options?.refcount, hostHeadroom: extensionHostHeadroom,
  });
  if (!created.ok) return { ok: false, diagnostic: created.diagnostic };
  const port: VmPort = created.session;
  return { ok: true, port };
};
