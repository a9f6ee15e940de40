import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { UserError } from './errors.ts';

const program = new Command();
program
  .name('gaitd')
  .description('Wearable gait analysis: stride metrics, asymmetry and knee-back compensation from three IMUs')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its one-line message (help and version exit 0).
    process.exitCode = err.exitCode;
  } else if (err instanceof UserError) {
    process.stderr.write(`gaitd: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`gaitd: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 70;
  }
}
