import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

/**
 * The daemon's logger. Logs go to stderr so stdout stays the command's output (status lines,
 * tables, CSV). A person at a terminal reads one short line per entry; anything else (a file, a
 * journal, a log shipper) gets pino's JSON lines.
 */
export function createLogger(level: string, toTerminal = process.stderr.isTTY === true): Logger {
  const options = { level, base: undefined };
  if (toTerminal) {
    return pino(
      options,
      pretty({ destination: 2, sync: true, colorize: true, singleLine: true, ignore: 'pid,hostname' }),
    );
  }
  return pino(options, pino.destination(2));
}
