import { filter, map, type Observable, type OperatorFunction } from 'rxjs';
import { decodePacket, type ImuPacket, type PacketErrorCode } from '../protocol/packet.ts';
import type { RawNotification } from '../sensors/types.ts';

/** A packet that decoded cleanly, with where and when it arrived. */
export interface DecodedPacket {
  readonly sensorId: string;
  /** Host clock at arrival, milliseconds. */
  readonly receivedAt: number;
  readonly packet: ImuPacket;
}

/** Per-sensor count of notifications that did not decode, by error code. */
export interface DecodeErrorCounter {
  record(sensorId: string, code: PacketErrorCode): void;
  /** Errors so far for one sensor (all codes). */
  count(sensorId: string): number;
  snapshot(): Readonly<Record<string, Readonly<Partial<Record<PacketErrorCode, number>>>>>;
}

export function createDecodeErrorCounter(): DecodeErrorCounter {
  const bySensor = new Map<string, Partial<Record<PacketErrorCode, number>>>();
  return {
    record(sensorId, code) {
      let codes = bySensor.get(sensorId);
      if (!codes) bySensor.set(sensorId, (codes = {}));
      codes[code] = (codes[code] ?? 0) + 1;
    },
    count(sensorId) {
      const codes = bySensor.get(sensorId);
      return codes ? Object.values(codes).reduce((a, b) => a + (b ?? 0), 0) : 0;
    },
    snapshot() {
      return Object.fromEntries([...bySensor].map(([id, codes]) => [id, { ...codes }]));
    },
  };
}

/**
 * RawNotification → DecodedPacket. A corrupt notification is counted against its sensor and
 * dropped: one bad radio frame must never end the stream (the loss shows up as a seq gap).
 */
export function decodeNotifications(
  errors: DecodeErrorCounter = createDecodeErrorCounter(),
): OperatorFunction<RawNotification, DecodedPacket> {
  return (source: Observable<RawNotification>) =>
    source.pipe(
      map((n): DecodedPacket | undefined => {
        const result = decodePacket(n.bytes);
        if (result.ok) return { sensorId: n.sensorId, receivedAt: n.receivedAt, packet: result.packet };
        errors.record(n.sensorId, result.error.code);
        return undefined;
      }),
      filter((p): p is DecodedPacket => p !== undefined),
    );
}
