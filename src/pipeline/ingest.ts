import { type Observable, tap } from 'rxjs';
import type { Location, RawNotification } from '../sensors/types.ts';
import { accountLoss, createLossCounter } from './account-loss.ts';
import { alignSensors } from './align-sensors.ts';
import { createDecodeErrorCounter, decodeNotifications } from './decode-notifications.ts';
import { scaleUnits } from './scale-units.ts';
import { syncClock } from './sync-clock.ts';
import type { ImuChunk } from './types.ts';

export interface IngestOptions {
  /** sensorId → body location (from config or the simulator's sensor list). */
  readonly locations: ReadonlyMap<string, Location>;
  /** Host ms that is t = 0 on the wearer timeline. */
  readonly sessionStartMs: number;
  readonly clockWindowS?: number;
  readonly alignMaxLagS?: number;
}

/** The counters ingest keeps, for sensor status and analysis quality. */
export interface IngestStats {
  readonly decodeErrors: ReturnType<typeof createDecodeErrorCounter>;
  readonly loss: ReturnType<typeof createLossCounter>;
  /** Latest drift estimate per sensorId, ppm. */
  readonly driftPpm: Map<string, number>;
}

export function createIngestStats(): IngestStats {
  return { decodeErrors: createDecodeErrorCounter(), loss: createLossCounter(), driftPpm: new Map() };
}

/**
 * The ingest chain, assembled in one place: raw notifications → decode → clock sync → loss
 * accounting → unit scaling → one time-ordered chunk stream for all sensors.
 */
export function ingest(
  notifications: Observable<RawNotification>,
  options: IngestOptions,
  stats: IngestStats = createIngestStats(),
): Observable<ImuChunk> {
  return notifications.pipe(
    decodeNotifications(stats.decodeErrors),
    syncClock(options.sessionStartMs, { windowS: options.clockWindowS }),
    tap((p) => stats.driftPpm.set(p.sensorId, p.driftPpm)),
    accountLoss(stats.loss),
    scaleUnits(options.locations),
    alignSensors({ maxLagS: options.alignMaxLagS }),
  );
}
