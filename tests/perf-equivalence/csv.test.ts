/**
 * The hand-rolled number scanner of parseNumericCsv must read every cell as the same double as
 * Number(cell) (an empty or blank cell as NaN), whatever the cell holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumericCsv } from '../../src/sensors/replay/csv.ts';
import { parseSensorCsv } from '../../src/sensors/replay/recording.ts';

const reference = (cell: string) => (cell.trim() === '' ? Number.NaN : Number(cell));

const cellArb = fc.oneof(
  // What writeRecording and real exports write: fixed decimals of any size and sign.
  fc
    .tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 12 }))
    .map(([v, k]) => v.toFixed(k)),
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -99, max: 99 }).map((v) => `${v}.`),
  fc.constantFrom('', ' ', '-', '.', '-0', '-0.000', '.5', '-.25', ' 1.5', '1.5 ', '1e3', '1.2.3', 'NaN', 'abc', '+7'),
  fc.constantFrom('0.1234567890123', '12345678901234567', '9007199254740993', '0.000000000000000001'),
  fc.stringMatching(/^-?[0-9]{0,18}\.?[0-9]{0,18}$/),
);

describe('parseNumericCsv number scanning', () => {
  it('reads every cell exactly as Number() does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cellArb, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const text = `a,b,c\n${rows.map((r) => r.join(',')).join('\r\n')}\n`;
          const parsed = parseNumericCsv(text, 'x.csv', ['a', 'b', 'c']);
          if (!parsed.ok) return false;
          return rows.every((r, i) => r.every((cell, c) => Object.is(parsed.table.columns[c][i], reference(cell))));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('still counts cells per line: a trailing comma is one cell too many', () => {
    const parsed = parseNumericCsv('a,b\n1,2,\n', 'x.csv', ['a', 'b']);
    expect(parsed).toEqual({ ok: false, error: 'x.csv:2: 3 cells, the header has 2' });
    const short = parseNumericCsv('a,b\n1\n', 'x.csv', ['a', 'b']);
    expect(short).toEqual({ ok: false, error: 'x.csv:2: 1 cells, the header has 2' });
  });
});

describe('parseSensorCsv unit check', () => {
  it('finds the median acceleration magnitude exactly (as sorting would) for the g-units refusal', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0.3, max: 1.6, noNaN: true }), fc.double({ min: 0, max: 0.4, noNaN: true })),
          {
            minLength: 2,
            maxLength: 300,
          },
        ),
        (rows) => {
          const lines = rows.map(([az, ax], i) => `${(i * 0.01).toFixed(2)},${ax},0,${az},0,0,0`);
          const result = parseSensorCsv(`t,ax,ay,az,gx,gy,gz\n${lines.join('\n')}\n`, 'w.csv', 'waist', 100);
          // The parser keeps samples as float32.
          const norms = rows
            .map(([az, ax]) => Math.sqrt(Math.fround(ax) ** 2 + 0 + Math.fround(az) ** 2))
            .sort((a, b) => a - b);
          const median = norms[norms.length >> 1];
          if (median > 0.5 && median < 2) return !result.ok && result.error.includes(`is ${median.toFixed(2)},`);
          return result.ok && result.warnings.some((w) => w.includes(`magnitude ${median.toFixed(2)} m/s²`));
        },
      ),
      { numRuns: 300 },
    );
  });
});
