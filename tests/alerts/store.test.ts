import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/types.ts';
import type { SessionInfo } from '../../src/pipeline/results.ts';
import { openJournal } from '../../src/storage/journal.ts';

const session: SessionInfo = { id: 's1', wearer: 'ann', startedAtMs: 1_700_000_000_000, source: 'sim' };
const alert = (id: string, t: number): Alert => ({
  id,
  t,
  kind: 'compensation',
  severity: 'warning',
  message: `alert ${id}`,
  evidence: [{ metric: 'si.stanceTime', value: 12, baseline: 1, z: 4 }],
  acknowledged: false,
});

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function journal() {
  dir = mkdtempSync(join(tmpdir(), 'gaitd-alerts-'));
  const opened = openJournal({ path: join(dir, 'j.sqlite'), outbox: true, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  return opened.journal;
}

describe('alerts table', () => {
  it('an alert the journal appends from the result stream is listed with its wearer and can be acknowledged once', async () => {
    const { createAlerting } = await import('../../src/alerts/index.ts');
    const { GaitdConfig } = await import('../../src/config/schema.ts');
    const { pino } = await import('pino');
    const j = journal();
    const alerting = createAlerting({
      config: GaitdConfig.parse({}),
      db: j.db,
      sensorControl: { send: async () => ({ ok: true }) },
      log: pino({ level: 'silent' }),
      publish: () => {},
      now: () => 42,
    });
    j.append(session, [
      { kind: 'alert', alert: alert('a1', 10) },
      { kind: 'alert', alert: alert('a2', 20) },
    ]);
    const listed = alerting.port.list({});
    expect(listed.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(listed[0]).toMatchObject({ wearer: 'ann', session: 's1', atMs: session.startedAtMs + 20_000 });
    expect(listed[0].evidence).toEqual(alert('a2', 20).evidence);
    expect(alerting.port.list({ state: 'open' })).toHaveLength(2);
    expect(alerting.port.acknowledge('a1')?.acknowledged).toBe(true);
    expect(alerting.port.acknowledge('a1')?.acknowledged).toBe(true);
    expect(alerting.port.list({ state: 'open' }).map((a) => a.id)).toEqual(['a2']);
    expect(alerting.port.list({ state: 'acknowledged' }).map((a) => a.id)).toEqual(['a1']);
    expect(alerting.port.list({ wearer: 'bob' })).toEqual([]);
    expect(alerting.port.list({ fromMs: session.startedAtMs + 15_000 }).map((a) => a.id)).toEqual(['a2']);
    expect(alerting.port.list({ toMs: session.startedAtMs + 15_000 }).map((a) => a.id)).toEqual(['a1']);
    expect(alerting.port.list({ limit: 1 })).toHaveLength(1);
    expect(alerting.port.acknowledge('nope')).toBeUndefined();
    const ackAt = j.db.prepare('SELECT acknowledged_at_ms AS at FROM alerts WHERE id = ?').get('a1') as { at: number };
    expect(ackAt.at).toBe(42);
    await alerting.stop();
    j.close();
  });

  it('the same alert appended twice (stored by the alerting, then by the journal) is one row', () => {
    const j = journal();
    j.append(session, [{ kind: 'alert', alert: alert('a1', 10) }]);
    j.append(session, [{ kind: 'alert', alert: alert('a1', 10) }]);
    expect((j.db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n).toBe(1);
    j.close();
  });
});
