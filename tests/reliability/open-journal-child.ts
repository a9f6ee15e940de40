/**
 * Child process for the concurrent-openers test: waits for a common start instant, opens the
 * journal (migrating a fresh one) and stores one synthetic walk. Exit 0 = stored.
 */
import { openJournal } from '../../src/storage/journal.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

const [path, sessionId, startAt] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // Busy-wait: every child leaves the barrier within the same millisecond or so.
}
const opened = openJournal({ path, outbox: true, capBytes: 1e9, warnFraction: 0.9 });
if (!opened.ok) {
  process.stderr.write(`${opened.error}\n`);
  process.exit(1);
}
const walk = syntheticWalk({ durationS: 60, sessionId });
const stored = opened.journal.append(walk.session, walk.results);
opened.journal.close();
if (!stored.ok) {
  process.stderr.write(`${stored.error}\n`);
  process.exit(1);
}
process.stdout.write(`${walk.strides}\n`);
