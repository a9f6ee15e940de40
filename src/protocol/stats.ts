/**
 * Per-sensor decode-error counts, by error code: how often each sensor's notifications failed
 * which check of SPEC § 3.5 / § 8. The pipeline keeps one per session and reports it with the
 * sensor status; a steadily rising `unsupported-version` means the version negotiation failed,
 * `length-mismatch` or `bad-sample-count` point at a firmware bug.
 */
import type { ControlErrorCode } from './control.ts';
import type { PacketErrorCode } from './packet.ts';
import type { StatusErrorCode } from './status.ts';

export type ProtocolErrorCode = PacketErrorCode | ControlErrorCode | StatusErrorCode;

export type ErrorCounts<C extends string> = Readonly<Partial<Record<C, number>>>;

export interface DecodeErrorCounter<C extends string = ProtocolErrorCode> {
  record(sensorId: string, code: C): void;
  /** Errors so far for one sensor, all codes together. */
  count(sensorId: string): number;
  /** Errors so far for one sensor and one code. */
  countOf(sensorId: string, code: C): number;
  /** A copy: sensorId → code → count. Sensors without errors are absent. */
  snapshot(): Readonly<Record<string, ErrorCounts<C>>>;
}

export function createDecodeErrorCounter<C extends string = ProtocolErrorCode>(): DecodeErrorCounter<C> {
  const bySensor = new Map<string, Map<C, number>>();
  return {
    record(sensorId, code) {
      let codes = bySensor.get(sensorId);
      if (codes === undefined) bySensor.set(sensorId, (codes = new Map()));
      codes.set(code, (codes.get(code) ?? 0) + 1);
    },
    count(sensorId) {
      let total = 0;
      for (const n of bySensor.get(sensorId)?.values() ?? []) total += n;
      return total;
    },
    countOf(sensorId, code) {
      return bySensor.get(sensorId)?.get(code) ?? 0;
    },
    snapshot() {
      const out: Record<string, ErrorCounts<C>> = {};
      for (const [id, codes] of bySensor) out[id] = Object.fromEntries(codes) as ErrorCounts<C>;
      return out;
    },
  };
}
