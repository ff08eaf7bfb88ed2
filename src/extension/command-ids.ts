/*
 * Command identifiers, in one place so package.json, the code and the tests
 * agree (the VS Code suite checks each one is registered).
 */

export const COMMANDS = {
  run: 'minipy.run',
  debug: 'minipy.debug',
  showPanel: 'minipy.showPanel',
  stepInstruction: 'minipy.stepInstruction',
  togglePlay: 'minipy.panel.togglePlay',
  goToStep: 'minipy.goToStep',
} as const;
