import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fieldsFor,
  influxSchema,
  jsonSchemaFor,
  MEASUREMENTS,
  measurement,
  RESULT_MEASUREMENTS,
} from '../../src/domain/result-fields.ts';
import type { GaitResult } from '../../src/domain/results.ts';
import { fromAnalysis, strideOut, trunkOut, windowOut } from '../../src/pipeline/analysis-output.ts';
import { openJournal } from '../../src/storage/journal.ts';
import { readSession } from '../../src/storage/journal-read.ts';
import { MIGRATIONS } from '../../src/storage/migrations.ts';
import { pointOf } from '../../src/storage/points.ts';
import { syntheticWalk } from '../storage/synthetic-walk.ts';

const dir = mkdtempSync(join(tmpdir(), 'gaitd-fields-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const walk = syntheticWalk({ durationS: 120, seed: 5 });
const byKind = (kind: GaitResult['kind']) => walk.results.filter((r) => r.kind === kind);

describe('result-field registry', () => {
  it('declares every measurement once, with unique names per destination', () => {
    expect(RESULT_MEASUREMENTS.map((m) => m.name)).toEqual([...MEASUREMENTS]);
    for (const m of RESULT_MEASUREMENTS) {
      for (const dest of ['journal', 'export', 'analysis', 'influx'] as const) {
        const names = fieldsFor(m, dest).map((f) =>
          dest === 'journal'
            ? f.journal
            : dest === 'export'
              ? f.export
              : dest === 'analysis'
                ? String(f.analysis)
                : JSON.stringify(f.influx),
        );
        expect(new Set(names).size, `${m.name} ${dest}`).toBe(names.length);
      }
      for (const f of m.fields) {
        expect(f.column, `${m.name}.${f.name}`).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(f.description.length, `${m.name}.${f.name} needs a description`).toBeGreaterThan(5);
      }
    }
  });

  it('names only journal columns the migrations create', () => {
    const db = openJournal({ path: join(dir, 'schema.sqlite'), outbox: false, capBytes: 1e9, warnFraction: 0.9 });
    if (!db.ok) throw new Error(db.error);
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    for (const m of RESULT_MEASUREMENTS) {
      const columns = (db.journal.db.prepare(`PRAGMA table_info(${m.journalTable})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      for (const f of fieldsFor(m, 'journal')) expect(columns, `${m.journalTable}.${f.journal}`).toContain(f.journal);
    }
    db.journal.close();
  });

  it('reads every field of real results (no path that leads nowhere)', () => {
    for (const m of RESULT_MEASUREMENTS) {
      const results = byKind(m.resultKind);
      if (results.length === 0) continue;
      const record = m.record(results[0]);
      for (const f of m.fields) {
        if (f.optional) continue;
        expect(f.get(record), `${m.name}.${f.name}`).not.toBeUndefined();
      }
    }
  });

  it('round-trips every stored result through the journal', () => {
    const opened = openJournal({ path: join(dir, 'rt.sqlite'), outbox: true, capBytes: 1e9, warnFraction: 0.9 });
    if (!opened.ok) throw new Error(opened.error);
    opened.journal.append(walk.session, walk.results);
    const s = readSession(opened.journal.db, walk.session.id)!;
    opened.journal.close();
    const strip = (kind: GaitResult['kind']) => byKind(kind).map((r) => measurement(kindName(kind)).record(r));
    expect(s.strides).toEqual(strip('stride'));
    expect(s.trunk).toEqual(strip('trunk'));
    expect(s.windows.map(({ si, tEnd }) => ({ si, tEnd }))).toEqual(
      strip('window').map((w) => ({ si: (w as { si: unknown }).si, tEnd: (w as { tEnd: number }).tEnd })),
    );
    expect(s.assessments).toEqual(strip('assessment'));
    expect(s.events).toEqual(strip('event'));
  });

  it('gives the analysis document back as the same results (fromAnalysis reverses strideOut/trunkOut/windowOut)', () => {
    for (const r of byKind('stride')) {
      if (r.kind === 'stride') expect(fromAnalysis('stride', strideOut(r.stride))).toEqual(r.stride);
    }
    for (const r of byKind('trunk')) {
      if (r.kind === 'trunk') expect(fromAnalysis('trunk', trunkOut(r.trunk))).toEqual(r.trunk);
    }
    for (const r of byKind('window')) {
      if (r.kind !== 'window') continue;
      const { ratio: _ratio, ...w } = fromAnalysis<Record<string, unknown>>('asymmetry', windowOut(r.window));
      expect(w).toEqual({ ...r.window });
    }
  });

  it('writes each InfluxDB point with exactly the tags and fields influxSchema() lists', () => {
    const schema = new Map(influxSchema().map((m) => [m.measurement, m]));
    for (const r of walk.results) {
      const p = pointOf(walk.session, r);
      if (!p) {
        expect(r.kind).toBe('event');
        continue;
      }
      const m = schema.get(p.measurement)!;
      expect(Object.keys(p.tags).sort()).toEqual(m.tags);
      for (const key of Object.keys(p.fields)) {
        expect(m.fields.includes(key) || m.fieldPrefixes.some((x) => key.startsWith(x)), key).toBe(true);
      }
    }
  });

  it('derives a JSON schema per measurement that the results it describes satisfy', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MEASUREMENTS), (name) => {
        const schema = jsonSchemaFor(name);
        const results = byKind(measurement(name).resultKind);
        for (const r of results.slice(0, 5)) {
          const record = measurement(name).record(r) as Record<string, unknown>;
          for (const key of schema.required) expect(record, `${name}.${key}`).toHaveProperty(key);
          for (const key of Object.keys(record)) {
            if (key === 'kind') continue;
            expect(schema.properties, `${name}: ${key} is not in the schema`).toHaveProperty(key);
          }
        }
      }),
      { numRuns: 20 },
    );
    expect(jsonSchemaFor('stride').properties.stepTime).toMatchObject({ type: ['number', 'null'] });
    expect(jsonSchemaFor('trunk').properties.harmonicRatio).toMatchObject({ type: 'object' });
  });
});

function kindName(kind: GaitResult['kind']) {
  return RESULT_MEASUREMENTS.find((m) => m.resultKind === kind)!.name;
}
