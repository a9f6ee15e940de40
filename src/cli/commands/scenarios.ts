/** `gaitd scenarios`: the simulator's named scenarios with their descriptions. */
import type { Command } from 'commander';
import { listScenarios } from '../../sensors/sim/index.ts';

export function register(program: Command): void {
  program
    .command('scenarios')
    .description('List the simulator scenarios (use with gaitd simulate --scenario <name>)')
    .option('--json', 'print a JSON array instead of text')
    .action((opts: { json?: boolean }) => {
      const list = listScenarios();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      const width = Math.max(...list.map((s) => s.name.length));
      for (const s of list) {
        process.stdout.write(
          `${s.name.padEnd(width)}  ${s.description} (suggested --duration ${s.recommendedDurationS})\n`,
        );
      }
    });
}
