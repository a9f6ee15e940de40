/**
 * One sensor's clock against the host, from its TIME_SYNC anchors (protocol/time-sync.ts): the
 * drift from the first to the latest anchor (the longest baseline), and host time of a tick
 * from the latest anchor corrected by that drift. The pipeline keeps its own continuous fit from
 * packet arrivals (pipeline/sync-clock.ts); these anchors bound it and feed diagnostics.
 */
import { TICK_HZ } from '../../protocol/packet.ts';
import { tickDiffSigned } from '../../protocol/sequence.ts';
import type { TimeSyncAnchor } from '../../protocol/time-sync.ts';

/** Anchors kept: the first plus the newest (memory bound over a long day). */
const MAX_ANCHORS = 64;
/** Drift needs this much sensor time between anchors, µs. */
const MIN_DRIFT_SPAN_US = 1e6;

export interface SensorClock {
  add(anchor: TimeSyncAnchor): void;
  readonly anchors: readonly TimeSyncAnchor[];
  /** ppm, positive when the sensor clock runs slow against the host; undefined before two anchors 1 s apart. */
  driftPpm(): number | undefined;
  /** Host µs of a tick within ±18 h of the latest anchor; undefined before the first anchor. */
  hostTimeOfTick(tick: number): number | undefined;
}

export function createSensorClock(): SensorClock {
  const anchors: TimeSyncAnchor[] = [];
  const driftPpm = (): number | undefined => {
    if (anchors.length < 2) return undefined;
    const a = anchors[0];
    const b = anchors[anchors.length - 1];
    const sensorUs = (tickDiffSigned(a.sensorTick, b.sensorTick) * 1e6) / TICK_HZ;
    if (sensorUs < MIN_DRIFT_SPAN_US) return undefined;
    return ((b.hostUs - a.hostUs) / sensorUs - 1) * 1e6;
  };
  return {
    anchors,
    add(anchor) {
      anchors.push(anchor);
      if (anchors.length > MAX_ANCHORS) anchors.splice(1, 1);
    },
    driftPpm,
    hostTimeOfTick(tick) {
      const latest = anchors[anchors.length - 1];
      if (!latest) return undefined;
      const sensorUs = (tickDiffSigned(latest.sensorTick, tick) * 1e6) / TICK_HZ;
      return latest.hostUs + sensorUs * (1 + (driftPpm() ?? 0) * 1e-6);
    },
  };
}
