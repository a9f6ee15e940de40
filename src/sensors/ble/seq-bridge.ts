/**
 * Keeps one sensor's packet sequence continuous across BLE reconnects. START_STREAMING resets
 * `seq` to 0 on every connection (SPEC § 4.1) while the sensor's tick keeps counting, so the
 * pipeline's loss accounting (seq step, src/pipeline/account-loss.ts) would read the jump as a
 * random gap or a "late" packet. The bridge re-numbers each connection's packets from where the
 * previous one stopped plus the packets the outage cost, counted from the tick gap: the outage
 * then shows as `missed` lost packets and its span as a gap, never bridged into a stride.
 */
import { RATES_HZ, TICK_HZ } from '../../protocol/packet.ts';

/** The most packets one outage may account: a larger seq step reads as a late packet (SPEC § 3.5). */
const MAX_BRIDGED = 32766;

export interface SeqBridge {
  /** The next packet is the first of a new connection. */
  newConnection(): void;
  /** The packet with its seq re-numbered (a copy), or the bytes unchanged when they are no v1 packet. */
  map(bytes: Uint8Array): Uint8Array;
  /** Packets the outages cost so far, from tick gaps (for logs and tests). */
  readonly bridgedPackets: number;
}

export function createSeqBridge(): SeqBridge {
  let offset = 0;
  let started = false;
  let fresh = true;
  let lastHostSeq = 0;
  let nextTick = 0;
  let lastSpanTicks = 0;
  let bridged = 0;
  return {
    newConnection() {
      fresh = true;
    },
    get bridgedPackets() {
      return bridged;
    },
    map(bytes) {
      if (bytes.length < 8 || bytes[0] >> 5 !== 1) return bytes;
      const n = bytes[0] & 0x1f;
      const rateHz = RATES_HZ[(bytes[1] >> 5) & 0x03];
      const seq = bytes[2] | (bytes[3] << 8);
      const tick = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0;
      if (fresh) {
        fresh = false;
        if (!started) offset = 0;
        else {
          const gapTicks = (tick - Math.round(nextTick)) >>> 0;
          // A tick behind the expected one (> 2^31 ahead modulo) means the sensor restarted its clock: nothing to count.
          const missed =
            gapTicks >= 2 ** 31 || lastSpanTicks <= 0 ? 0 : Math.min(MAX_BRIDGED, Math.round(gapTicks / lastSpanTicks));
          bridged += missed;
          offset = (lastHostSeq + 1 + missed - seq) & 0xffff;
        }
        started = true;
      }
      const hostSeq = (seq + offset) & 0xffff;
      lastHostSeq = hostSeq;
      lastSpanTicks = (n * TICK_HZ) / rateHz;
      nextTick = (tick + lastSpanTicks) % 2 ** 32;
      if (offset === 0) return bytes;
      const out = Uint8Array.from(bytes);
      out[2] = hostSeq & 0xff;
      out[3] = hostSeq >> 8;
      return out;
    },
  };
}
