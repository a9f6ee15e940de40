import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createDecodeErrorCounter, decodeNotifications } from '../../src/pipeline/decode-notifications.ts';
import { bytesOf, collect, packet } from './helpers.ts';

describe('decodeNotifications', () => {
  it('passes valid packets through and counts corrupt ones per sensor without erroring', async () => {
    const good = bytesOf(packet(7, 1000, 3, 42));
    const truncated = good.slice(0, good.length - 1);
    const wrongVersion = good.slice();
    wrongVersion[0] = (2 << 5) | 3;
    const errors = createDecodeErrorCounter();
    const out = await collect(
      from([
        { sensorId: 'L', receivedAt: 1, bytes: good },
        { sensorId: 'L', receivedAt: 2, bytes: truncated },
        { sensorId: 'W', receivedAt: 3, bytes: wrongVersion },
        { sensorId: 'W', receivedAt: 4, bytes: new Uint8Array(0) },
        { sensorId: 'W', receivedAt: 5, bytes: good },
      ]).pipe(decodeNotifications(errors)),
    );
    expect(out.map((p) => [p.sensorId, p.receivedAt, p.packet.seq])).toEqual([
      ['L', 1, 7],
      ['W', 5, 7],
    ]);
    expect(out[0].packet.samples[0]).toBe(42);
    expect(errors.count('L')).toBe(1);
    expect(errors.count('W')).toBe(2);
    expect(errors.snapshot().W).toEqual({ 'unsupported-version': 1, 'too-short': 1 });
  });
});
