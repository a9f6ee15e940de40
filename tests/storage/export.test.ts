import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionCsv, sessionLineProtocol } from '../../src/storage/export.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { readSession } from '../../src/storage/journal-read.ts';
import { storageMetrics } from '../../src/storage/metrics.ts';
import { lineOf } from '../../src/storage/points.ts';
import { syntheticWalk } from './synthetic-walk.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function stored(wearer = 'wearer-1') {
  dir = mkdtempSync(join(tmpdir(), 'gaitd-export-'));
  const opened = openJournal({ path: join(dir, 'j.sqlite'), outbox: false, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  const walk = syntheticWalk({ durationS: 30, wearer });
  opened.journal.append(walk.session, walk.results);
  const session = readSession(opened.journal.db, walk.session.id)!;
  opened.journal.close();
  return { walk, session };
}

describe('export', () => {
  it('writes one CSV row per stride with the stored values, NaN as an empty cell', () => {
    const { walk, session } = stored();
    const lines = sessionCsv(session, 'strides').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'side,ic,fc,next_ic,stride_time,stance_time,swing_time,step_time,stance_pct,double_support,rom,peak_swing_velocity,source',
    );
    expect(lines).toHaveLength(walk.strides + 1);
    const first = walk.results.find((r) => r.kind === 'stride');
    if (first?.kind !== 'stride') throw new Error('no stride');
    const cells = lines[1].split(',');
    expect(cells[0]).toBe(first.stride.side);
    expect(Number(cells[4])).toBe(first.stride.strideTime);
    expect(lines.some((l) => l.split(',')[7] === '')).toBe(true);
  });

  it('quotes CSV cells holding commas and quotes', () => {
    const { session } = stored();
    const withAlert = {
      ...session,
      alerts: [
        {
          id: 'a1',
          t: 3,
          kind: 'lean',
          severity: 'warning' as const,
          message: 'lean, "right"',
          evidence: [],
          acknowledged: false,
        },
      ],
    };
    expect(sessionCsv(withAlert, 'alerts').split('\n')[1]).toBe('3,a1,lean,warning,"lean, ""right""",false,[]');
  });

  it('writes as line protocol exactly the lines the outbox would send', () => {
    const { walk, session } = stored('Zoë, "Z"');
    const expected = walk.results.map((r) => lineOf(walk.session, r)).filter((l) => l !== undefined);
    expect(new Set(sessionLineProtocol(session).trimEnd().split('\n'))).toEqual(new Set(expected));
  });
});

describe('storage metrics', () => {
  it('exposes backlog, oldest age, failures and disk use in Prometheus text format', () => {
    const text = storageMetrics({
      journal: { path: 'j', usedBytes: 1000, capBytes: 5000, refusedResults: 2, rawDeletedAtCap: 0 },
      outbox: {
        target: 't',
        running: true,
        backlog: 42,
        oldestAgeS: 12.5,
        delivered: 7,
        quarantined: 1,
        consecutiveFailures: 3,
        lastError: { message: 'network: ECONNREFUSED', atMs: 0 },
        lastSuccessMs: null,
      },
    });
    expect(text).toContain('\ngaitd_outbox_backlog_points 42\n');
    expect(text).toContain('\ngaitd_outbox_oldest_age_seconds 12.5\n');
    expect(text).toContain('\ngaitd_outbox_consecutive_failures 3\n');
    expect(text).toContain('\ngaitd_journal_refused_results_total 2\n');
    expect(text).toMatch(/# TYPE gaitd_outbox_delivered_total counter\ngaitd_outbox_delivered_total 7\n/);
  });
});
