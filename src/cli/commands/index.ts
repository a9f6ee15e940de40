import type { Command } from 'commander';
import { register as registerAnalyze } from './analyze.ts';
import { register as registerBaseline } from './baseline.ts';
import { register as registerExport } from './export.ts';
import { register as registerForget } from './forget.ts';
import { register as registerPair } from './pair.ts';
import { register as registerReplay } from './replay.ts';
import { register as registerRun } from './run.ts';
import { register as registerScan } from './scan.ts';
import { register as registerScenarios } from './scenarios.ts';
import { register as registerSessions } from './sessions.ts';
import { register as registerSimulate } from './simulate.ts';

/**
 * Every gaitd command registers itself here. Each command lives in its own file and
 * exports `register(program)`.
 */
export function registerCommands(program: Command): void {
  registerAnalyze(program);
  registerRun(program);
  registerScan(program);
  registerPair(program);
  registerBaseline(program);
  registerSimulate(program);
  registerScenarios(program);
  registerReplay(program);
  registerSessions(program);
  registerExport(program);
  registerForget(program);
}
