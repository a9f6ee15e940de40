import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GaitResult } from '../../src/domain/results.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { type SyntheticWalk, syntheticWalk } from '../storage/synthetic-walk.ts';

export interface JournalFixture {
  readonly path: string;
  readonly walks: readonly SyntheticWalk[];
  remove(): void;
}

/**
 * A real journal file (the daemon's own writer) holding three walks of two wearers, a day apart,
 * for the API's read routes. Walk `b` ends with a stride whose fc (never unknown in the registry) and optional values are NaN.
 */
export function journalFixture(): JournalFixture {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-api-'));
  const path = join(dir, 'journal.sqlite');
  const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  const day = 86_400_000;
  const walks = [
    syntheticWalk({ durationS: 120, wearer: 'ann', sessionId: 'a', startedAtMs: Date.UTC(2026, 0, 5, 9), seed: 1 }),
    syntheticWalk({
      durationS: 90,
      wearer: 'ann',
      sessionId: 'b',
      startedAtMs: Date.UTC(2026, 0, 5, 9) + day,
      seed: 2,
    }),
    syntheticWalk({
      durationS: 60,
      wearer: 'bob',
      sessionId: 'c',
      startedAtMs: Date.UTC(2026, 0, 5, 9) + 2 * day,
      seed: 3,
    }),
  ];
  const nanStride: GaitResult = {
    kind: 'stride',
    stride: {
      side: 'left',
      ic: 200,
      fc: Number.NaN,
      nextIc: 201.1,
      strideTime: 1.1,
      stanceTime: 0.6,
      swingTime: 0.5,
      stepTime: Number.NaN,
      stancePct: 54.5,
      doubleSupport: Number.NaN,
      rom: Number.NaN,
      peakSwingVelocity: Number.NaN,
      source: 'waist',
    },
  };
  for (const walk of walks) {
    const extra = walk.session.id === 'b' ? [nanStride] : [];
    const appended = opened.journal.append(walk.session, [...walk.results, ...extra]);
    if (!appended.ok) throw new Error(appended.error);
  }
  opened.journal.close();
  return { path, walks, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
