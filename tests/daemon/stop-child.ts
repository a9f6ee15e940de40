/**
 * A daemon in its own process for the no-open-handles test (tests/daemon/stop.test.ts): starts
 * the walker (with the API when asked), stops after a moment, and prints "stopped". The process
 * must then exit by itself: anything left open (timer, socket, database) keeps it alive.
 */
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load.ts';
import { createGaitd } from '../../src/daemon/gaitd.ts';

const [dataDir, withApi] = process.argv.slice(2);
const config = loadConfig({ env: {}, flags: { dataDir, api: { port: 0 } } });
if (!config.ok) throw new Error(config.error);
const daemon = createGaitd(config.config, {
  log: pino({ level: 'silent' }),
  api: withApi === 'api',
  speed: 20,
  durationS: 3600,
  statusEveryS: 0.1,
});
await daemon.start();
process.stdout.write(`started ${daemon.apiUrl() ?? 'no api'}\n`);
await new Promise((resolve) => setTimeout(resolve, 1500));
await daemon.stop();
process.stdout.write(`stopped ${daemon.status().strides.left + daemon.status().strides.right}\n`);
