/**
 * A child process for tests/alerts/crash.test.ts: the alerting on a journal in a given file, as the
 * daemon runs it. `raise <journal> <webhook> <n>` raises n alerts and then keeps delivering;
 * `deliver <journal> <webhook>` only delivers what the queue holds. It prints `raised <ids…>` once
 * the alerts are committed and `stats <json>` every 100 ms, and runs until it is killed.
 */
import { fastConfig, openTestJournal, raiseAlerts, settle, testAlerting } from '../alerts/setup.ts';

const [mode, path, url, count] = process.argv.slice(2);
if ((mode !== 'raise' && mode !== 'deliver') || !path || !url) {
  console.error('usage: alerts-child.ts raise|deliver <journal.sqlite> <webhook url> [n]');
  process.exit(2);
}
const journal = openTestJournal(path);
const { alerting, published } = testAlerting(
  fastConfig([url], { initialBackoffMs: 50, maxBackoffMs: 200 }),
  journal.db,
);
await alerting.start();
if (mode === 'raise') {
  raiseAlerts(alerting, Number(count));
  await settle();
  console.log(`raised ${published.map((a) => a.id).join(' ')}`);
}
setInterval(() => console.log(`stats ${JSON.stringify(alerting.stats())}`), 100);
