/*
 * The panel's words, in the user's language (the webview has no l10n of its
 * own: the host sends them with each state). `{0}` marks where a value goes.
 */

import * as vscode from 'vscode';

export function panelLabels(): Record<string, string> {
  return {
    controls: vscode.l10n.t('Debugger controls'),
    stepOver: vscode.l10n.t('Step Over'), stepInto: vscode.l10n.t('Step Into'), stepOut: vscode.l10n.t('Step Out'), stepInstruction: vscode.l10n.t('Step Instruction'), stepBack: vscode.l10n.t('Step Back'),
    continue: vscode.l10n.t('Continue'), pause: vscode.l10n.t('Pause'), restart: vscode.l10n.t('Restart'),
    key_stepOver: 'F10', key_stepInto: 'F11', key_stepOut: 'Shift+F11', key_stepInstruction: 'Alt+F11', key_stepBack: 'Alt+F10', key_continue: 'F5', key_pause: 'F6', key_restart: 'Ctrl+Shift+F5', key_play: 'P, Ctrl+Alt+P',
    goToStep: vscode.l10n.t('Go to step (G)'), play: vscode.l10n.t('Play'), pausePlay: vscode.l10n.t('Stop playing'), playSpeed: vscode.l10n.t('Steps per second'), playKind: vscode.l10n.t('Play by'),
    step: vscode.l10n.t('step'), clock: vscode.l10n.t('virtual time'), drawnIn: vscode.l10n.t('drawn in {0} ms (p95 {1} ms)', '{0}', '{1}'), sections: vscode.l10n.t('Sections'),
    threads: vscode.l10n.t('Threads and the GIL'), holder: vscode.l10n.t('GIL holder'), nobody: vscode.l10n.t('nobody'), noGil: vscode.l10n.t('No GIL: threads run in parallel'),
    'drop-request': vscode.l10n.t('drop request (set by a waiting thread)'), 'forced-switch': vscode.l10n.t('forced switch'),
    dropRequest: vscode.l10n.t('drop request'), setBy: vscode.l10n.t('set by {0}', '{0}'), notSet: vscode.l10n.t('not set'), interval: vscode.l10n.t('switch interval'), checks: vscode.l10n.t('{0} check points', '{0}'),
    thread: vscode.l10n.t('thread'), state: vscode.l10n.t('state'), stack: vscode.l10n.t('stack (innermost first)'), cpu: vscode.l10n.t('CPU ms'), generatorFrame: vscode.l10n.t('generator'),
    objectCount: vscode.l10n.t('{0} objects', '{0}'), lanesLabel: vscode.l10n.t('Lanes of {0} over virtual time', '{0}'),
    running: vscode.l10n.t('running'), ready: vscode.l10n.t('ready'), 'waiting-gil': vscode.l10n.t('waiting for the GIL'), blocked: vscode.l10n.t('blocked'), sleeping: vscode.l10n.t('sleeping'), finished: vscode.l10n.t('finished'), 'not-started': vscode.l10n.t('not started'),
    memory: vscode.l10n.t('Memory'), live: vscode.l10n.t('live bytes'), peak: vscode.l10n.t('peak bytes'),
    collector: vscode.l10n.t('Cycle collector'), generation: vscode.l10n.t('generation {0}', '{0}'), lastCollection: vscode.l10n.t('last collection'), noCollection: vscode.l10n.t('no collection yet'), gcDisabled: vscode.l10n.t('The collector is disabled (gc.disable()).'),
    collectionText: vscode.l10n.t('Generation {0} at step {1}: {2} candidates, {3} unreachable, {4} freed', '{0}', '{1}', '{2}', '{3}', '{4}'),
    phases: vscode.l10n.t('Phases of the collection'), previousPhase: vscode.l10n.t('Previous phase'), nextPhase: vscode.l10n.t('Next phase'), replayPhases: vscode.l10n.t('Replay'),
    phase_update_refs: vscode.l10n.t('update_refs: each candidate\'s gc_refs starts as its reference count.'),
    phase_subtract_refs: vscode.l10n.t('subtract_refs: references from other candidates are taken away; what is left comes from outside.'),
    phase_move_unreachable: vscode.l10n.t('move_unreachable: whatever nothing outside reaches, directly or through others, is unreachable.'),
    phase_finalize: vscode.l10n.t('finalize: __del__ methods of the unreachable run once (PEP 442).'),
    phase_delete_garbage: vscode.l10n.t('delete_garbage: the cycles are broken with tp_clear and the objects freed.'),
    generators: vscode.l10n.t('Generators and coroutines'), none: vscode.l10n.t('none'), runningIn: vscode.l10n.t('running in {0}, line {1}', '{0}', '{1}'), suspendedAt: vscode.l10n.t('suspended at line {0}, linked to no stack', '{0}'), notStarted: vscode.l10n.t('not started yet'),
    eventLoop: vscode.l10n.t('Event loop'), timers: vscode.l10n.t('timers'),
    heap: vscode.l10n.t('Heap'), objects: vscode.l10n.t('{0} objects; the graph shows {1}, {2} more not drawn', '{0}', '{1}', '{2}'), showFromFrames: vscode.l10n.t('Show from the frames'), showMore: vscode.l10n.t('Show more'),
    searchPlaceholder: vscode.l10n.t('Search objects: type, text or #id (/)'), searchResults: vscode.l10n.t('Matching objects'), noMatch: vscode.l10n.t('No object matches.'),
    selectHint: vscode.l10n.t('Select an object in the graph or the table to see who holds it, where it was created and when it is freed.'),
    details: vscode.l10n.t('Selected object'), objectFacts: vscode.l10n.t('refcount {0} · {1} bytes', '{0}', '{1}'), createdAt: vscode.l10n.t('created at step {0}, line {1}', '{0}', '{1}'),
    showLine: vscode.l10n.t('show line {0}', '{0}'), goToThatStep: vscode.l10n.t('go to that step'), holdersCount: vscode.l10n.t('{0} holders for a refcount of {1}:', '{0}', '{1}'),
    runUntilFreed: vscode.l10n.t('Run until it is freed'), freedAtStep: vscode.l10n.t('freed at step {0}', '{0}'),
    fitWidth: vscode.l10n.t('Fit to width'), actualSize: vscode.l10n.t('Actual size'), freedAt: vscode.l10n.t('freed at step {0}, line {1}', '{0}', '{1}'), freedLongAgo: vscode.l10n.t('Freed (too long ago to say when).'),
    recentlyFreed: vscode.l10n.t('Recently freed'), newestObjects: vscode.l10n.t('Newest objects'), refcount: vscode.l10n.t('refcount'), object: vscode.l10n.t('object'), size: vscode.l10n.t('bytes'), heldBy: vscode.l10n.t('held by'),
    legendFrame: vscode.l10n.t('frame'), legendObject: vscode.l10n.t('object (refcount)'), legendSuspended: vscode.l10n.t('suspended generator'), legendUnreachable: vscode.l10n.t('unreachable: only the collector frees it'), legendFreed: vscode.l10n.t('freed this step'),
    graphLabel: vscode.l10n.t('Heap graph, {0} nodes', '{0}'), nodeLabel: vscode.l10n.t('{0} {1}, refcount {2}', '{0}', '{1}', '{2}'), moreLabel: vscode.l10n.t('{0} more not drawn', '{0}'),
    heldByTip: vscode.l10n.t('held by: {0}', '{0}'), freedWord: vscode.l10n.t('freed'), suspendedWord: vscode.l10n.t('suspended'), unreachableWord: vscode.l10n.t('unreachable'),
    bytecode: vscode.l10n.t('Bytecode'), narration: vscode.l10n.t('What just happened'),
  };
}
