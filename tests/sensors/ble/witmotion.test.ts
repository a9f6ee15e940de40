import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accScale, decodePacket, gyrScale, STANDARD_GRAVITY } from '../../../src/protocol/packet.ts';
import {
  createWitmotionTimeline,
  decodeWitFrame,
  encodeWitFrame,
  WIT_GAP_S,
  witFrameToPacket,
  witRateCommands,
} from '../../../src/sensors/ble/witmotion.ts';
import vectors from './witmotion-vectors.json' with { type: 'json' };

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('WitMotion frame codec (vectors)', () => {
  for (const v of vectors.frames) {
    it(`decodes and re-encodes "${v.name}"`, () => {
      const d = decodeWitFrame(bytes(v.hex));
      expect(d).toEqual({ ok: true, frame: { acc: v.acc, gyr: v.gyr, angle: v.angle } });
      if (d.ok) expect(hex(encodeWitFrame(d.frame))).toBe(v.hex);
    });
    it(`maps "${v.name}" onto a v1 packet with the same physical values`, () => {
      const d = decodeWitFrame(bytes(v.hex));
      if (!d.ok) throw new Error(d.message);
      const p = decodePacket(witFrameToPacket(d.frame, 7, 50));
      if (!p.ok) throw new Error(p.error.message);
      const s = p.packet.samples;
      for (let k = 0; k < 3; k++) {
        expect(s[k] * accScale(p.packet.accRangeCode)).toBeCloseTo(v.acc_g[k] * STANDARD_GRAVITY, 9);
        expect((s[3 + k] * gyrScale(p.packet.gyrRangeCode) * 180) / Math.PI).toBeCloseTo(v.gyr_dps[k], 9);
      }
      expect(p.packet.seq).toBe(7);
      expect(p.packet.tick).toBe(Math.round((7 * 32768) / 50));
    });
  }
  for (const v of vectors.errors) {
    it(`rejects "${v.name}" with ${v.error}`, () => {
      const d = decodeWitFrame(bytes(v.hex));
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.error).toBe(v.error);
    });
  }
  it('writes the documented unlock, rate and save commands', () => {
    const byName = Object.fromEntries(vectors.commands.map((c) => [c.name, c.hex]));
    for (const c of vectors.commands.filter((x) => x.rateHz !== undefined)) {
      expect(witRateCommands(c.rateHz as number).map(hex)).toEqual([byName.unlock, c.hex, byName.save]);
    }
    expect(() => witRateCommands(10)).toThrow(/gaitd supports 50, 100, 200/);
  });
});

describe('WitMotion frame codec (properties)', () => {
  it('never throws on arbitrary bytes and decodes only 20-byte 55 61 frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const d = decodeWitFrame(b);
        expect(d.ok).toBe(b.length === 20 && b[0] === 0x55 && b[1] === 0x61);
      }),
    );
  });
  it('round-trips every frame', () => {
    const i16 = fc.integer({ min: -32768, max: 32767 });
    const triple = fc.tuple(i16, i16, i16);
    fc.assert(
      fc.property(triple, triple, triple, (acc, gyr, angle) => {
        expect(decodeWitFrame(encodeWitFrame({ acc, gyr, angle }))).toEqual({ ok: true, frame: { acc, gyr, angle } });
      }),
    );
  });
});

describe('WitMotion timeline (no clock, no seq)', () => {
  it('counts a hole longer than the threshold from arrival times, despite late (retransmitted) frames', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 2000 }),
        fc.integer({ min: Math.ceil(WIT_GAP_S * 50) + 2, max: 5000 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 400, maxLength: 400 }),
        (holeAt, holeLength, retransmits) => {
          const timeline = createWitmotionTimeline(50);
          let missing = 0;
          let last = -1;
          let lateAfterHoleMs = 0;
          for (let k = 0; k < holeAt + holeLength + 400; k++) {
            if (k >= holeAt && k < holeAt + holeLength) continue;
            // 15 ms connection events, 2 ms stack latency, a few retransmitted (late) frames.
            const late = k % 97 === 0 ? 15 * retransmits[k % 400] : 0;
            if (k === holeAt + holeLength) lateAfterHoleMs = late;
            const arrival = Math.ceil((k * 20) / 15) * 15 + 2 + late;
            const r = timeline.next(arrival);
            missing += r.missing;
            expect(r.index).toBeGreaterThan(last);
            last = r.index;
          }
          // Without a clock the hole is measured from arrival times: a late (retransmitted) first frame
          // after it lengthens it by its lateness (docs/sensors.md: holes estimated within about ±7 samples).
          expect(Math.abs(missing - holeLength)).toBeLessThanOrEqual(2 + Math.ceil((lateAfterHoleMs * 50) / 1000));
        },
      ),
      { numRuns: 50 },
    );
  });
});
