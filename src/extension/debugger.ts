/*
 * The debugger's entry point for activation: registers the `minipy` debug
 * type (inline adapter, configuration providers, hover, decorations, status
 * bar, Step Through). The code lives in src/extension/debug/.
 */

export { registerDebugger } from './debug/register';
