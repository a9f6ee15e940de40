import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { type Answer, startReceiver } from './receiver.ts';
import { SECRET, tempDir } from './setup.ts';

// kill -9 of the process holding undelivered alerts, mid-retry, then a restart on the same journal.
// Delivery is at-least-once: a request the receiver got just before the kill, whose 2xx the sender
// never recorded, is sent again after the restart. The delivery id (the alert id) is what makes it
// exactly-once for the receiver, which drops an id it has seen. So: every alert arrives, each id is
// processed exactly once by a deduplicating receiver, and only ids in flight at the kill are repeated.

const CHILD = join(PROJECT_ROOT, 'tests/support/alerts-child.ts');
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function runChild(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (b: Buffer) => {
    buffered += b.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, lines, exited, stderr: () => stderr };
}

function lastStats(lines: readonly string[]): { webhookSent: number; webhookQueued: number } {
  const line = lines.findLast((l) => l.startsWith('stats '));
  return line ? JSON.parse(line.slice(6)) : { webhookSent: 0, webhookQueued: Number.NaN };
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('after kill -9 mid-retry and a restart, every alert reaches the webhook and each delivery id is processed exactly once', async () => {
  const N = 20;
  let answer: (n: number) => Answer = () => 503;
  let count = 0;
  const receiver = await startReceiver(SECRET, () => answer(count++));
  cleanups.push(() => receiver.close());
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  const path = join(tmp.dir, 'journal.sqlite');

  // 1. The webhook is down: the alerts are raised, committed and retried.
  const first = runChild(['raise', path, receiver.url, String(N)]);
  await waitFor('the alerts to be raised', () => first.lines.some((l) => l.startsWith('raised ')));
  const ids =
    first.lines
      .find((l) => l.startsWith('raised '))
      ?.slice(7)
      .split(' ') ?? [];
  expect(new Set(ids).size).toBe(N);
  await waitFor('retries', () => receiver.requests.length >= 2 * N);

  // 2. It comes back: some deliveries are answered, then the receiver processes requests without
  //    answering, and the process is killed with those in flight.
  const outageRequests = receiver.requests.length;
  const phase2 = count;
  answer = (n) => (n - phase2 < 6 ? 200 : 'accept-hang');
  await waitFor('answered and in-flight deliveries', () => count - phase2 >= 8, 10_000);
  // Kill once the child has recorded the answered ones (a kill between the 2xx and its record would
  // be the at-least-once window again, covered by the in-flight requests).
  await waitFor('the answers recorded', () => lastStats(first.lines).webhookSent >= 6, 10_000);
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');
  const beforeKill = receiver.requests.slice(outageRequests);
  const answeredBeforeKill = new Set(beforeKill.slice(0, 6).map((r) => r.delivery));
  const inFlightAtKill = new Set(beforeKill.slice(6).map((r) => r.delivery));
  expect(answeredBeforeKill.size).toBeGreaterThan(0);
  expect(inFlightAtKill.size).toBeGreaterThan(0);

  // 3. Restart on the same journal with the receiver answering: the queue drains.
  const restartAt = receiver.requests.length;
  answer = () => 200;
  const second = runChild(['deliver', path, receiver.url]);
  await waitFor(
    'every alert delivered',
    () => receiver.accepted.size === N && lastStats(second.lines).webhookQueued === 0,
  );
  second.child.kill('SIGKILL');
  await second.exited;

  expect(new Set(receiver.accepted.keys())).toEqual(new Set(ids));
  expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
  // Answered deliveries are never sent again.
  const afterRestart = receiver.requests.slice(restartAt).map((r) => r.delivery);
  for (const id of answeredBeforeKill) expect(afterRestart).not.toContain(id);
  // Repeats (at-least-once) only for the ids in flight at the kill; the receiver drops them by id.
  expect(receiver.duplicates.length).toBeGreaterThan(0);
  for (const id of receiver.duplicates) expect(inFlightAtKill.has(id)).toBe(true);
  const processedOnce = new Set(receiver.accepted.keys());
  expect(processedOnce.size).toBe(N);

  const db = new Database(path, { readonly: true });
  const states = db.prepare('SELECT state, count(*) AS n FROM webhook_deliveries GROUP BY state').all();
  db.close();
  expect(states).toEqual([{ state: 'delivered', n: N }]);
});
