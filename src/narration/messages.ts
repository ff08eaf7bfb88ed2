/*
 * Every sentence narration can say, in English. The English text is the key
 * of the translation bundles (l10n/bundle.l10n.*.json), as vscode.l10n.t
 * expects; {0}, {1}... are filled by narrate(). One table, so a test can
 * check that each sentence has every language.
 */

export const MESSAGES = {
  // The instruction just run (the opcode's own line comes from the opcode table).
  instruction: '{0} ran: {1}',
  opLoad: '{0} pushed the value of {1} onto the value stack.',
  opLoadConst: '{0} pushed the constant {1}.',
  opStore: '{0} popped the top of the stack into {1}: the name now holds that reference.',
  opDelete: '{0} deleted the name {1}: the reference it held is dropped.',
  opAttr: '{0} looked up the attribute {1}.',
  opStoreAttr: '{0} stored the attribute {1}: the object now holds that reference.',
  opBinary: '{0} computed {1} on the top two values.',
  opCompare: '{0} compared the top two values with {1}.',
  // References.
  created: 'A new {0} was created: {1}, refcount {2}.',
  createdMany: '{0} new objects were created.',
  rcUp: 'The refcount of {0} rose from {2} to {1}: {3} now holds it too.',
  rcDown: 'The refcount of {0} fell from {2} to {1}.',
  rcMoved: 'The reference to {0} moved from {1} to {2}; its refcount stays {3}.',
  freed: '{0} lost its last reference, so it was freed at once.',
  freedMany: '{0} objects lost their last reference and were freed: {1}.',
  finalized: '__del__ ran on {0} just before it was freed.',
  // Frames.
  called: '{0} was called: its new frame sits on top of {1}.',
  returned: '{0} returned; its frame is gone and its locals let go of their references.',
  shutdown: 'The program is over. As CPython shuts down, the modules let go of their globals and the cycle collector frees what is left, running each __del__ still due.',
  raised: '{0} was raised at line {1}: {2}',
  // Threads and the GIL.
  gilAcquire: '{0} took the GIL.',
  gilRelease: '{0} released the GIL.',
  dropRequest: '{0} has waited {1} ms for the GIL, so it set the drop request; {2} will let go at its next check point (a backward jump, a call or a function entry).',
  forcedSwitch: '{0} dropped the GIL and, with forced switching, has to wait until {1} has taken it.',
  threadRunning: '{0} is running Python code.',
  threadWaiting: '{0} wants the GIL and waits for it.',
  threadBlocked: '{0} is blocked{1} and does not hold the GIL, so other threads can run.',
  threadSleeping: '{0} sleeps without the GIL, as blocking I/O does: other threads run meanwhile.',
  threadFinished: '{0} finished.',
  threadStarted: '{0} started.',
  // The cycle collector.
  gcStart: 'The cycle collector started on generation {0}.',
  gcUpdateRefs: 'update_refs: each of the {0} candidates starts with gc_refs equal to its refcount.',
  gcSubtractRefs: 'subtract_refs: references from one candidate to another were subtracted; gc_refs now counts only references from outside.',
  gcMoveUnreachable: 'move_unreachable: {0} objects can only be reached from each other: refcounting alone would never free them.',
  gcFinalize: 'Finalizers ran on {0} objects (PEP 442: __del__ runs at most once).',
  gcDeleteGarbage: 'delete_garbage: the cycles were broken and {0} objects freed.',
  gcDone: 'The collection is over: {0} unreachable objects found.',
  // Generators and coroutines.
  genSuspended: '{0} is suspended at line {1}: its frame keeps its locals and its place, linked to no caller.',
  genResumed: '{0} resumed: its frame is back on the stack, on top of its caller.',
  genClosed: '{0} is finished ({1}).',
  // The event loop.
  taskCreated: 'The event loop scheduled {0}.',
  taskStep: 'The event loop runs {0} until its next await.',
  taskDone: '{0} is done.',
  taskCancelled: '{0} was cancelled.',
  // Words used inside sentences.
  theMainModule: 'the module',
  theMainModuleSubject: 'The module',
  holderLocal: 'the local {0}',
  holderGlobal: 'the global {0}',
  holderStack: 'the value stack',
  holderObject: '{0} of {1}',
  holderOther: '{0}',
  waitingFor: ' waiting for {0}',
} as const;

export type MessageId = keyof typeof MESSAGES;
