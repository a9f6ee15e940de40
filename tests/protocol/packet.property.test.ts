import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACC_RANGES_G,
  accScale,
  type DecodeResult,
  decodePacket,
  encodePacket,
  GYR_RANGES_DPS,
  gyrScale,
  HEADER_BYTES,
  type ImuPacket,
  MAX_PACKET_BYTES,
  MAX_SAMPLES,
  MIN_PACKET_BYTES,
  RATES_HZ,
  SAMPLE_BYTES,
} from '../../src/protocol/packet.ts';

const ERROR_CODES = new Set([
  'too-short',
  'unsupported-version',
  'bad-sample-count',
  'length-mismatch',
  'reserved-gyro-range',
]);

/**
 * Valid packets. Samples come from a seeded generator with the int16 extremes mixed in rather
 * than fc.array of 114 integers, which made a 100k-case run take half a minute.
 */
const validPacket: fc.Arbitrary<ImuPacket> = fc
  .record({
    seq: fc.integer({ min: 0, max: 0xffff }),
    tick: fc.integer({ min: 0, max: 0xffffffff }),
    flags: fc.integer({ min: 0, max: 0xff }).filter((f) => ((f >> 2) & 7) < GYR_RANGES_DPS.length),
    n: fc.integer({ min: 1, max: MAX_SAMPLES }),
    seed: fc.integer(),
  })
  .map((h) => {
    const samples = new Int16Array(h.n * 6);
    let x = h.seed >>> 0;
    for (let i = 0; i < samples.length; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      samples[i] = x % 7 === 0 ? (x & 0x100 ? 32767 : -32768) : x >>> 16;
    }
    return {
      version: 1,
      seq: h.seq,
      tick: h.tick,
      accRangeCode: h.flags & 3,
      gyrRangeCode: (h.flags >> 2) & 7,
      rateCode: (h.flags >> 5) & 3,
      fifoOverrun: (h.flags & 0x80) !== 0,
      samples,
    };
  });

/** A plain check: vitest's expect costs more than a decode, and these run 100k times. */
function check(ok: boolean, what: string, bytes: Uint8Array): void {
  if (!ok) throw new Error(`${what} for bytes ${Buffer.from(bytes).toString('hex')}`);
}

function samePacket(a: ImuPacket, b: ImuPacket): boolean {
  if (a.samples.length !== b.samples.length) return false;
  for (let i = 0; i < a.samples.length; i++) if (a.samples[i] !== b.samples[i]) return false;
  return (
    a.version === b.version &&
    a.seq === b.seq &&
    a.tick === b.tick &&
    a.accRangeCode === b.accRangeCode &&
    a.gyrRangeCode === b.gyrRangeCode &&
    a.rateCode === b.rateCode &&
    a.fifoOverrun === b.fifoOverrun
  );
}

/** What any decode result must satisfy, whatever the input (SPEC.md § 3.5). */
function assertWellFormed(bytes: Uint8Array, result: DecodeResult): void {
  if (!result.ok) {
    check(ERROR_CODES.has(result.error.code), `unknown error code ${result.error.code}`, bytes);
    check(result.error.message.length > 0, 'empty error message', bytes);
    return;
  }
  const p = result.packet;
  const n = p.samples.length / 6;
  check(p.version === 1, 'version not 1', bytes);
  check(Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLES, `sample count ${n}`, bytes);
  check(bytes.length === HEADER_BYTES + n * SAMPLE_BYTES, 'length inconsistent with sample count', bytes);
  check(p.accRangeCode >= 0 && p.accRangeCode < ACC_RANGES_G.length, 'acc code out of table', bytes);
  check(p.gyrRangeCode >= 0 && p.gyrRangeCode < GYR_RANGES_DPS.length, 'gyro code out of table', bytes);
  check(p.rateCode >= 0 && p.rateCode < RATES_HZ.length, 'rate code out of table', bytes);
  // Differential check of the byte-arithmetic decoder against DataView reads.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  check(p.seq === view.getUint16(2, true), 'seq differs from DataView', bytes);
  check(p.tick === view.getUint32(4, true), 'tick differs from DataView', bytes);
  for (let i = 0; i < p.samples.length; i++) {
    check(p.samples[i] === view.getInt16(HEADER_BYTES + 2 * i, true), `sample value ${i} differs`, bytes);
  }
}

describe('packet codec properties', () => {
  it('decode(encode(p)) gives p back, and re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(validPacket, (p) => {
        const bytes = encodePacket(p);
        check(bytes.length === HEADER_BYTES + p.samples.length * 2, 'encoded length', bytes);
        const r = decodePacket(bytes);
        check(r.ok && samePacket(r.packet, p), 'decode(encode(p)) differs from p', bytes);
        if (r.ok) check(Buffer.from(encodePacket(r.packet)).equals(bytes), 're-encoding differs', bytes);
      }),
      { numRuns: 10_000 },
    );
  });

  it('decodes a packet inside a larger buffer at an odd offset (a subarray from a BLE stack)', () => {
    fc.assert(
      fc.property(validPacket, fc.integer({ min: 1, max: 7 }), (p, offset) => {
        const bytes = encodePacket(p);
        const host = new Uint8Array(bytes.length + offset + 3).fill(0xaa);
        host.set(bytes, offset);
        const r = decodePacket(host.subarray(offset, offset + bytes.length));
        check(r.ok && samePacket(r.packet, p), 'decoded from an offset differs', bytes);
      }),
      { numRuns: 2_000 },
    );
  });

  it('random bytes never throw and never decode to out-of-range values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: MAX_PACKET_BYTES + 24 }), (bytes) => {
        assertWellFormed(bytes, decodePacket(bytes));
      }),
      { numRuns: 30_000 },
    );
  });

  it('random headers and samples on a length that fits some sample count stay well-formed', () => {
    const arb = fc
      .integer({ min: 1, max: MAX_SAMPLES })
      .chain((n) =>
        fc.tuple(
          fc.uint8Array({ minLength: HEADER_BYTES + n * SAMPLE_BYTES, maxLength: HEADER_BYTES + n * SAMPLE_BYTES }),
          fc.boolean(),
        ),
      )
      // Half of the cases carry version 1, so the decoder gets past its first check.
      .map(([bytes, v1]) => {
        if (v1) bytes[0] = (bytes[0] & 0x1f) | 0x20;
        return bytes;
      });
    fc.assert(
      fc.property(arb, (bytes) => {
        assertWellFormed(bytes, decodePacket(bytes));
      }),
      { numRuns: 15_000 },
    );
  });

  it('a valid packet with one bit flipped never throws, and only header bits can invalidate it', () => {
    fc.assert(
      fc.property(validPacket, fc.nat(), (p, at) => {
        const bytes = encodePacket(p);
        const bitIndex = at % (bytes.length * 8);
        bytes[bitIndex >> 3] ^= 1 << (bitIndex & 7);
        const r = decodePacket(bytes);
        assertWellFormed(bytes, r);
        // Byte 0 (version, count) and the gyro bits of byte 1 are the only checked fields.
        if (bitIndex >= 16) check(r.ok, 'a flip past the flags byte invalidated the packet', bytes);
      }),
      { numRuns: 25_000 },
    );
  });

  it('a truncated or extended valid packet is rejected, never misread', () => {
    fc.assert(
      fc.property(
        validPacket,
        fc.integer({ min: -240, max: 24 }).filter((d) => d !== 0),
        (p, delta) => {
          const bytes = encodePacket(p);
          const length = Math.max(0, bytes.length + delta);
          const changed = new Uint8Array(length);
          changed.set(bytes.subarray(0, Math.min(length, bytes.length)));
          const r = decodePacket(changed);
          const expected = length < MIN_PACKET_BYTES ? 'too-short' : 'length-mismatch';
          check(!r.ok && r.error.code === expected, `expected ${expected}`, changed);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('scale factors (SPEC.md § 3.2)', () => {
  it('-32768 counts are exactly minus full scale', () => {
    expect(-32768 * accScale(0)).toBeCloseTo(-2 * 9.80665, 12);
    expect(-32768 * accScale(3)).toBeCloseTo(-16 * 9.80665, 12);
    expect(-32768 * gyrScale(0)).toBeCloseTo((-125 * Math.PI) / 180, 12);
    expect(-32768 * gyrScale(4)).toBeCloseTo((-2000 * Math.PI) / 180, 12);
  });

  it('matches the per-LSB figures printed in the SPEC to their 5 significant digits', () => {
    const acc = [5.9855e-4, 1.1971e-3, 2.3942e-3, 4.7884e-3];
    const gyr = [6.6579e-5, 1.3316e-4, 2.6632e-4, 5.3263e-4, 1.0653e-3];
    expect(acc.map((x, code) => Math.abs(accScale(code) / x - 1) < 1e-4)).toEqual(acc.map(() => true));
    expect(gyr.map((x, code) => Math.abs(gyrScale(code) / x - 1) < 1e-4)).toEqual(gyr.map(() => true));
  });
});
