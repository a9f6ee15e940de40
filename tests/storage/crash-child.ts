/**
 * A real writer process for the crash test (tests/integration/outbox-crash.test.ts):
 *   walk  <dataDir> <influxUrl> <db>  — records a synthetic walk at 20× real time through the journal and
 *                                      outbox into InfluxDB, printing "committed <strides>" after each commit;
 *                                      meant to be killed with SIGKILL part-way.
 *   drain <dataDir> <influxUrl> <db>  — restarts on the same journal, drains the outbox, prints "drained".
 */
import { GaitdConfig } from '../../src/config/schema.ts';
import { openStorage } from '../../src/storage/storage.ts';
import { syntheticWalk } from './synthetic-walk.ts';

const [mode, dataDir, url, database] = process.argv.slice(2);
const config = GaitdConfig.parse({
  dataDir,
  influx: { version: 1, url, database },
  outbox: { batchSize: 200, flushIntervalMs: 50, maxBackoffMs: 1000 },
});
const opened = await openStorage(config);
if (!opened.ok) {
  process.stderr.write(`${opened.error}\n`);
  process.exit(1);
}
const storage = opened.storage;
storage.start();

if (mode === 'walk') {
  const walk = syntheticWalk({ durationS: 600, seed: 5 });
  let strides = 0;
  for (let i = 0; i < walk.results.length; i += 20) {
    const batch = walk.results.slice(i, i + 20);
    const result = storage.record(walk.session, batch);
    if (!result.ok) throw new Error(result.error);
    strides += batch.filter((r) => r.kind === 'stride').length;
    process.stdout.write(`committed ${strides}\n`);
    await new Promise((r) => setTimeout(r, 10));
  }
  process.stdout.write('walk finished\n');
  await new Promise(() => {}); // wait to be killed
} else {
  const drained = await storage.writer!.drained(60_000);
  await storage.stop();
  process.stdout.write(drained ? 'drained\n' : 'not drained\n');
}
