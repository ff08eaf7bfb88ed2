/*
 * Measurements tests record for the launcher to print. Each test file is its
 * own bundle, so the one shared object lives on globalThis, not in a module.
 */

const holder = globalThis as { minipyTestMetrics?: Record<string, number> };

export const metrics: Record<string, number> = (holder.minipyTestMetrics ??= {});
