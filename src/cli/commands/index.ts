import type { Command } from 'commander';

/**
 * Every gaitd command registers itself here. Each command lives in its own file and
 * exports `register(program)`.
 */
export function registerCommands(_program: Command): void {}
