import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal } from '../../src/storage/journal.ts';
import { createOutboxWriter } from '../../src/storage/outbox-writer.ts';
import { classifyHttpFailure, type InfluxSink, parseRetryAfter, type WriteOutcome } from '../../src/storage/sink.ts';
import { syntheticWalk } from './synthetic-walk.ts';

// The writer's decisions against a scripted sink; the same paths against real servers are in
// tests/integration/influx-v1.test.ts and outbox-*.test.ts.

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup() {
  dir = mkdtempSync(join(tmpdir(), 'gaitd-outbox-'));
  const opened = openJournal({ path: join(dir, 'j.sqlite'), outbox: true, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  return opened.journal;
}

function scriptedSink(answer: (lines: readonly string[], call: number) => WriteOutcome) {
  const accepted: string[] = [];
  const calls: { atMs: number; size: number }[] = [];
  const sink: InfluxSink = {
    description: 'scripted',
    prepare: async () => ({ ok: true }),
    write: async (lines) => {
      calls.push({ atMs: performance.now(), size: lines.length });
      const outcome = answer(lines, calls.length);
      if (outcome.ok) accepted.push(...lines);
      return outcome;
    },
  };
  return { sink, accepted, calls };
}

describe('outbox writer', () => {
  it('isolates rejected lines by halving the batch, quarantines them and delivers all others', async () => {
    const journal = setup();
    const walk = syntheticWalk({ durationS: 300 });
    journal.append(walk.session, walk.results);
    const all = journal.peekOutbox(1e6).lines;
    const bad = new Set([all[17], all[500], all[501]]);
    const { sink, accepted } = scriptedSink((lines) =>
      lines.some((l) => bad.has(l))
        ? { ok: false, kind: 'rejected', reason: 'HTTP 400: field type conflict' }
        : { ok: true },
    );
    const writer = createOutboxWriter({ journal, sink, batchSize: 256, flushIntervalMs: 10, maxBackoffMs: 100 });
    writer.start();
    expect(await writer.drained(10_000)).toBe(true);
    await writer.stop();
    expect(new Set(accepted)).toEqual(new Set(all.filter((l) => !bad.has(l))));
    expect(journal.quarantined().map((q) => q.line)).toEqual([...bad]);
    expect(journal.quarantined()[0].reason).toBe('HTTP 400: field type conflict');
    expect(writer.status()).toMatchObject({ backlog: 0, quarantined: 3, delivered: all.length - 3 });
    journal.close();
  });

  it('keeps lines through retryable failures and backs off exponentially up to the cap', async () => {
    const journal = setup();
    const walk = syntheticWalk({ durationS: 20 });
    journal.append(walk.session, walk.results);
    const { sink, accepted, calls } = scriptedSink((_lines, call) =>
      call <= 6 ? { ok: false, kind: 'retryable', reason: 'network: ECONNREFUSED' } : { ok: true },
    );
    const writer = createOutboxWriter({
      journal,
      sink,
      batchSize: 10_000,
      flushIntervalMs: 5,
      baseBackoffMs: 20,
      maxBackoffMs: 160,
      random: () => 1, // no jitter: the delays are then exactly the exponential sequence
    });
    writer.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(writer.status()).toMatchObject({
      consecutiveFailures: expect.any(Number),
      lastError: { message: 'network: ECONNREFUSED' },
    });
    expect(writer.status().backlog).toBe(journal.peekOutbox(1e6).ids.length);
    expect(await writer.drained(10_000)).toBe(true);
    await writer.stop();
    const gaps = calls.slice(1).map((c, i) => c.atMs - calls[i].atMs);
    const expected = [20, 40, 80, 160, 160, 160];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(expected[i] - 2);
      expect(gap).toBeLessThan(expected[i] + 60);
    });
    expect(accepted).toHaveLength(walk.results.filter((r) => r.kind !== 'event').length);
    expect(writer.status().consecutiveFailures).toBe(0);
    journal.close();
  });

  it('waits at least as long as Retry-After asks on a 429', async () => {
    const journal = setup();
    const walk = syntheticWalk({ durationS: 5 });
    journal.append(walk.session, walk.results);
    const { sink, calls } = scriptedSink((_l, call) =>
      call === 1 ? classifyHttpFailure(429, 'slow down', '1') : { ok: true },
    );
    const writer = createOutboxWriter({
      journal,
      sink,
      batchSize: 1000,
      flushIntervalMs: 5,
      baseBackoffMs: 10,
      maxBackoffMs: 50,
    });
    writer.start();
    expect(await writer.drained(5000)).toBe(true);
    await writer.stop();
    expect(calls[1].atMs - calls[0].atMs).toBeGreaterThanOrEqual(995);
    journal.close();
  });
});

describe('outbox writer resilience', () => {
  it('survives an unexpected exception in a pass, reports it, and delivers on the next', async () => {
    const journal = setup();
    const walk = syntheticWalk({ durationS: 10 });
    journal.append(walk.session, walk.results);
    const { sink, accepted } = scriptedSink((_l, call) => {
      if (call === 1) throw new Error('boom');
      return { ok: true };
    });
    const writer = createOutboxWriter({
      journal,
      sink,
      batchSize: 1000,
      flushIntervalMs: 5,
      baseBackoffMs: 10,
      maxBackoffMs: 20,
    });
    writer.start();
    expect(await writer.drained(5000)).toBe(true);
    expect(writer.status().lastError?.message).toBe('unexpected error: boom');
    await writer.stop();
    expect(accepted).toHaveLength(walk.results.filter((r) => r.kind !== 'event').length);
    journal.close();
  });
});

describe('HTTP failure classes', () => {
  it('tells permanent from retryable failures', () => {
    expect(classifyHttpFailure(400, 'unable to parse')).toMatchObject({ kind: 'rejected' });
    expect(classifyHttpFailure(422, 'schema')).toMatchObject({ kind: 'rejected' });
    expect(classifyHttpFailure(413, 'too big')).toMatchObject({ kind: 'too-large' });
    for (const status of [401, 403, 404, 429, 500, 502, 503]) {
      expect(classifyHttpFailure(status, '')).toMatchObject({ kind: 'retryable' });
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
