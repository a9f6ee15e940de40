import { filter, map, type Observable, type OperatorFunction } from 'rxjs';
import { decodePacket, type ImuPacket, type PacketErrorCode } from '../protocol/packet.ts';
import { createDecodeErrorCounter, type DecodeErrorCounter } from '../protocol/stats.ts';
import type { RawNotification } from '../sensors/types.ts';

/** A packet that decoded cleanly, with where and when it arrived. */
export interface DecodedPacket {
  readonly sensorId: string;
  /** Host clock at arrival, milliseconds. */
  readonly receivedAt: number;
  readonly packet: ImuPacket;
}

/**
 * RawNotification → DecodedPacket. A corrupt notification is counted against its sensor and
 * dropped: one bad radio frame must never end the stream (the loss shows up as a seq gap).
 */
export function decodeNotifications(
  errors: DecodeErrorCounter<PacketErrorCode> = createDecodeErrorCounter<PacketErrorCode>(),
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

export { createDecodeErrorCounter, type DecodeErrorCounter };
