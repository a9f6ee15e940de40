import { describe, expect, it } from 'vitest';
import { decodeControlResponse, encodeControlRequest } from '../../src/protocol/control.ts';
import {
  estimateTimeSync,
  exchangeFromReply,
  hostTimeOfTick,
  type TimeSyncExchange,
} from '../../src/protocol/time-sync.ts';

/** A sensor whose tick 0 was at host time `offsetUs`, answering after random link delays. */
function simulateExchanges(offsetUs: number, delaysUs: readonly [number, number][]): TimeSyncExchange[] {
  let hostUs = 1_000_000_000;
  return delaysUs.map(([up, down]) => {
    hostUs += 200_000;
    const latchedAt = hostUs + up;
    const sensorTick = Math.floor(((latchedAt - offsetUs) * 32768) / 1e6) >>> 0;
    return { hostSentUs: hostUs, hostReceivedUs: latchedAt + down, sensorTick };
  });
}

describe('TIME_SYNC anchor', () => {
  it('takes the shortest round trip and is right within its stated uncertainty', () => {
    const offsetUs = 123_456_789;
    const delays: [number, number][] = [
      [30_000, 45_000],
      [7_500, 7_600],
      [15_000, 60_000],
      [7_400, 30_000],
    ];
    const anchor = estimateTimeSync(simulateExchanges(offsetUs, delays));
    expect(anchor?.uncertaintyUs).toBe((7_500 + 7_600) / 2);
    if (!anchor) return;
    const trueHostOfTick = offsetUs + (anchor.sensorTick * 1e6) / 32768;
    expect(Math.abs(anchor.hostUs - trueHostOfTick)).toBeLessThanOrEqual(anchor.uncertaintyUs + 31);
  });

  it('maps ticks on either side of the u32 wrap onto a continuous host timeline', () => {
    const anchor = { sensorTick: 0xffff8000, hostUs: 5_000_000, uncertaintyUs: 1000 };
    expect(hostTimeOfTick(anchor, 0x00000000)).toBeCloseTo(5_000_000 + 1_000_000, 6);
    expect(hostTimeOfTick(anchor, 0xffff0000)).toBeCloseTo(5_000_000 - 1_000_000, 6);
  });

  it('works from the wire bytes: request time echoed in the reply identifies the exchange', () => {
    const sentUs = 1_764_137_000_123_456;
    const request = encodeControlRequest({ op: 'time-sync', hostTimeUs: sentUs });
    // The sensor echoes bytes 1..8 and appends its tick (SPEC § 4.3).
    const reply = Uint8Array.from([0x80, 0x07, 0x01, ...request.subarray(1), 0x00, 0x80, 0x00, 0x00]);
    const decoded = decodeControlResponse(reply);
    if (!decoded.ok || !decoded.response.timeSync) throw new Error('reply did not decode');
    const anchor = estimateTimeSync([exchangeFromReply(decoded.response.timeSync, sentUs + 20_000)]);
    expect(anchor).toEqual({ sensorTick: 0x8000, hostUs: sentUs + 10_000, uncertaintyUs: 10_000 });
  });

  it('ignores a reply that arrived before its request and gives no anchor from nothing', () => {
    expect(estimateTimeSync([])).toBeUndefined();
    expect(estimateTimeSync([{ hostSentUs: 10, hostReceivedUs: 5, sensorTick: 1 }])).toBeUndefined();
  });
});
