/**
 * TIME_SYNC exchanges → one anchor between the sensor tick and the host clock (SPEC.md § 4.3).
 * The sensor latches its tick when the write arrives, somewhere between the host's send and the
 * indication's arrival, so the midpoint is the best guess and half the round trip bounds its
 * error; the exchange with the shortest round trip wins (Cristian's algorithm). The pipeline's
 * continuous drift fit refines this; the anchor gives it a start and a bound.
 */
import type { TimeSyncReply } from './control.ts';
import { TICK_HZ } from './packet.ts';
import { tickDiffSigned } from './sequence.ts';

export interface TimeSyncExchange {
  /** Host clock when the request was written, µs (the value sent in the request). */
  readonly hostSentUs: number;
  /** Host clock when the indication arrived, µs. */
  readonly hostReceivedUs: number;
  readonly sensorTick: number;
}

export interface TimeSyncAnchor {
  readonly sensorTick: number;
  /** Host time the tick corresponds to, µs. */
  readonly hostUs: number;
  /** Half the round trip of the exchange used, µs. */
  readonly uncertaintyUs: number;
}

/** Pairs a decoded reply with its arrival time; the echoed host time identifies the request. */
export function exchangeFromReply(reply: TimeSyncReply, hostReceivedUs: number): TimeSyncExchange {
  return { hostSentUs: reply.hostTimeUs, hostReceivedUs, sensorTick: reply.sensorTick };
}

/** The anchor from the shortest-round-trip exchange, or undefined when none is usable. */
export function estimateTimeSync(exchanges: readonly TimeSyncExchange[]): TimeSyncAnchor | undefined {
  let best: TimeSyncExchange | undefined;
  for (const e of exchanges) {
    // A reply before its request is a mismatched pair (or a host clock step): never trust it.
    if (!(e.hostReceivedUs >= e.hostSentUs)) continue;
    if (best === undefined || e.hostReceivedUs - e.hostSentUs < best.hostReceivedUs - best.hostSentUs) best = e;
  }
  if (best === undefined) return undefined;
  const roundTrip = best.hostReceivedUs - best.hostSentUs;
  return { sensorTick: best.sensorTick, hostUs: best.hostSentUs + roundTrip / 2, uncertaintyUs: roundTrip / 2 };
}

/** Host time, µs, of a sensor tick within ±18 h of the anchor (ticks wrap every 36.4 h). */
export function hostTimeOfTick(anchor: TimeSyncAnchor, tick: number): number {
  return anchor.hostUs + (tickDiffSigned(anchor.sensorTick, tick) * 1e6) / TICK_HZ;
}
