import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { accountLoss, createLossCounter } from '../../src/pipeline/account-loss.ts';
import type { TimedPacket } from '../../src/pipeline/sync-clock.ts';
import { TICK_HZ } from '../../src/protocol/packet.ts';
import { collect, packet } from './helpers.ts';

const PER_PACKET = (10 * TICK_HZ) / 100; // 10 samples at 100 Hz

function timed(sensorId: string, seq: number, index: number): TimedPacket {
  const tickIndex = index * PER_PACKET;
  return {
    sensorId,
    receivedAt: 0,
    packet: packet(seq, tickIndex),
    tickIndex,
    t0: tickIndex / TICK_HZ,
    dt: 0.01,
    driftPpm: 0,
  };
}

describe('accountLoss', () => {
  it('turns a seq gap into gapBefore on the next packet and counts the loss', async () => {
    const counter = createLossCounter();
    const out = await collect(
      from([timed('L', 0, 0), timed('L', 1, 1), timed('L', 4, 4), timed('L', 5, 5)]).pipe(accountLoss(counter)),
    );
    expect(out.map((p) => p.gapBefore)).toEqual([undefined, undefined, expect.closeTo(0.2, 9), undefined]);
    expect(counter.lost('L')).toBe(2);
    expect(counter.received('L')).toBe(4);
    expect(counter.lossFraction('L')).toBeCloseTo(2 / 6, 9);
  });

  it('sees no loss across the u16 seq wrap', async () => {
    const out = await collect(
      from([timed('L', 65534, 0), timed('L', 65535, 1), timed('L', 0, 2), timed('L', 1, 3)]).pipe(accountLoss()),
    );
    expect(out.every((p) => p.gapBefore === undefined)).toBe(true);
  });

  it('drops duplicates and late reordered packets', async () => {
    const out = await collect(
      from([timed('L', 0, 0), timed('L', 1, 1), timed('L', 1, 1), timed('L', 3, 3), timed('L', 2, 2)]).pipe(
        accountLoss(),
      ),
    );
    expect(out.map((p) => p.packet.seq)).toEqual([0, 1, 3]);
  });

  it('reports a FIFO overrun hole from the ticks even when seq is contiguous', async () => {
    const out = await collect(from([timed('L', 0, 0), timed('L', 1, 3)]).pipe(accountLoss()));
    expect(out[1].gapBefore).toBeCloseTo(0.2, 9);
  });
});
