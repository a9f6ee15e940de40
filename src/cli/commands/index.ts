import type { Command } from 'commander';
import { register as registerScenarios } from './scenarios.ts';
import { register as registerSimulate } from './simulate.ts';

/**
 * Every gaitd command registers itself here. Each command lives in its own file and
 * exports `register(program)`.
 */
export function registerCommands(program: Command): void {
  registerSimulate(program);
  registerScenarios(program);
}
