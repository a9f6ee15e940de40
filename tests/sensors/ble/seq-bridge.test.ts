import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePacket } from '../../../src/protocol/packet.ts';
import { seqStep } from '../../../src/protocol/sequence.ts';
import { createSeqBridge } from '../../../src/sensors/ble/seq-bridge.ts';

const N = 5;
const SPAN = (N * 32768) / 100;

/** A 100 Hz packet of N samples, as the sensor numbers it on its current connection. */
function packet(seq: number, index: number, tickStart: number): Uint8Array {
  return encodePacket({
    version: 1,
    seq: seq & 0xffff,
    tick: (tickStart + Math.floor(index * SPAN)) % 2 ** 32,
    accRangeCode: 3,
    gyrRangeCode: 4,
    rateCode: 1,
    fifoOverrun: false,
    samples: new Int16Array(6 * N),
  });
}

describe('seq bridge', () => {
  it('turns each outage into exactly the packets it cost, whatever seq each connection restarts from', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(
          fc.record({
            streamed: fc.integer({ min: 1, max: 300 }),
            outage: fc.integer({ min: 0, max: 30_000 }),
            restartSeq: fc.integer({ min: 0, max: 65535 }),
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (tickStart, connections) => {
          const bridge = createSeqBridge();
          let index = 0;
          let prev: number | undefined;
          let lost = 0;
          let expectedLost = 0;
          connections.forEach((c, i) => {
            bridge.newConnection();
            for (let k = 0; k < c.streamed; k++) {
              const out = bridge.map(packet(c.restartSeq + k, index++, tickStart));
              const seq = out[2] | (out[3] << 8);
              if (prev !== undefined) {
                const step = seqStep(prev, seq);
                expect(step.kind === 'next' || step.kind === 'gap').toBe(true);
                if (step.kind === 'gap') lost += step.lostPackets;
              }
              prev = seq;
            }
            if (i < connections.length - 1) {
              index += c.outage;
              expectedLost += c.outage;
            }
          });
          expect(lost).toBe(expectedLost);
          expect(bridge.bridgedPackets).toBe(expectedLost);
        },
      ),
    );
  });

  it('passes the first connection through unchanged and other bytes untouched', () => {
    const bridge = createSeqBridge();
    const p = packet(1234, 0, 99);
    expect(bridge.map(p)).toBe(p);
    const junk = Uint8Array.of(0xff, 1, 2);
    expect(bridge.map(junk)).toBe(junk);
  });
});
