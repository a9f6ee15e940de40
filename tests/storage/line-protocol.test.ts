import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeName, toLine } from '../../src/storage/line-protocol.ts';
import { lineOf } from '../../src/storage/points.ts';
import { parseLine } from './line-protocol-parser.ts';
import { syntheticWalk } from './synthetic-walk.ts';

const anyName = fc.string({ unit: 'binary', maxLength: 40 });
// Names that need no normalization: non-empty, no backslash, no control character.
const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;
const plainName = anyName.filter((s) => s !== '' && !s.includes('\\') && ![...s].some(isControl));

describe('line protocol', () => {
  it('round-trips tag values with spaces, commas, equals signs, quotes and any Unicode exactly', () => {
    fc.assert(
      fc.property(plainName, plainName, fc.string({ unit: 'binary' }), (wearer, session, message) => {
        const line = toLine({
          measurement: 'alert',
          tags: { wearer, session },
          fields: { message, value: 1.5 },
          timeUs: 1_700_000_000_123_456,
        });
        const parsed = parseLine(line!);
        expect(parsed.tags).toEqual({ wearer, session });
        expect(parsed.fields.message).toBe(message.replace(/[\r\n]/g, ' '));
        expect(parsed.fields.value).toBe(1.5);
        expect(parsed.timestamp).toBe('1700000000123456000');
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a parseable line for any name at all, with backslashes and control characters normalized', () => {
    fc.assert(
      fc.property(anyName, anyName, anyName, (wearer, session, fieldKey) => {
        const line = toLine({ measurement: 'm x,y', tags: { wearer, session }, fields: { [fieldKey]: 2 }, timeUs: 0 });
        expect(line).not.toContain('\n');
        const parsed = parseLine(line!);
        expect(parsed.measurement).toBe('m x,y');
        expect(parsed.tags).toEqual({ wearer: normalizeName(wearer), session: normalizeName(session) });
        expect(parsed.fields).toEqual({ [normalizeName(fieldKey)]: 2 });
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps float values to 1e-9 absolute between 1e-3 and 1e15, and exactly outside', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const parsed = parseLine(toLine({ measurement: 'm', tags: {}, fields: { x, bad: Number.NaN }, timeUs: 1 })!);
        const back = parsed.fields.x as number;
        if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e15) {
          // toFixed(9) rounds to the nearest 1e-9; above ~1e6 the double itself has coarser spacing.
          expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(5e-10, Math.abs(x) * 2 ** -52));
        } else expect(Object.is(back, x === 0 ? 0 : x)).toBe(true);
        expect(parsed.fields).not.toHaveProperty('bad');
      }),
      { numRuns: 5000 },
    );
  });

  it('writes no line for a point without a finite field', () => {
    expect(toLine({ measurement: 'm', tags: { a: 'b' }, fields: { x: Number.NaN }, timeUs: 1 })).toBeUndefined();
  });

  it('maps a stride to the DESIGN.md schema, stamped at its initial contact', () => {
    const walk = syntheticWalk({ durationS: 5, startedAtMs: Date.UTC(2026, 0, 1), wearer: 'Zoë, "the walker"' });
    const stride = walk.results.find((r) => r.kind === 'stride');
    if (stride?.kind !== 'stride') throw new Error('no stride');
    const parsed = parseLine(lineOf(walk.session, stride)!);
    expect(parsed.measurement).toBe('stride');
    expect(parsed.tags).toEqual({ wearer: 'Zoë, "the walker"', session: 'session-1', side: stride.stride.side });
    expect(Object.keys(parsed.fields).sort()).toEqual(
      [
        'peak_swing_velocity',
        'shank_rom',
        'stance_pct',
        'stance_time',
        'step_time',
        'stride_time',
        'swing_time',
      ].filter((k) => k !== 'step_time' || Number.isFinite(stride.stride.stepTime)),
    );
    expect(parsed.fields.stride_time).toBeCloseTo(stride.stride.strideTime, 9);
    const expectedNs = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n + BigInt(Math.round(stride.stride.ic * 1e6)) * 1000n;
    expect(parsed.timestamp).toBe(expectedNs.toString());
  });

  it('gives gait events no InfluxDB point (they are not in the schema)', () => {
    const walk = syntheticWalk({ durationS: 3 });
    const event = walk.results.find((r) => r.kind === 'event')!;
    expect(lineOf(walk.session, event)).toBeUndefined();
  });
});
