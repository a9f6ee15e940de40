import { filter, map, type Observable, type OperatorFunction } from 'rxjs';
import { accScale, gyrScale } from '../protocol/packet.ts';
import type { Location } from '../sensors/types.ts';
import type { AccountedPacket } from './account-loss.ts';
import type { ImuChunk } from './types.ts';

/**
 * Raw int16 counts → SI chunks (m/s², rad/s) with the packet's own range codes, so a sensor
 * that changes range mid-session stays right. Packets of sensors not in `locations` are dropped
 * (an unknown device in range is not ours to analyse).
 */
export function scaleUnits(locations: ReadonlyMap<string, Location>): OperatorFunction<AccountedPacket, ImuChunk> {
  return (source: Observable<AccountedPacket>) =>
    source.pipe(
      map((p): ImuChunk | undefined => {
        const location = locations.get(p.sensorId);
        if (!location) return undefined;
        const raw = p.packet.samples;
        const n = raw.length / 6;
        const ka = accScale(p.packet.accRangeCode);
        const kg = gyrScale(p.packet.gyrRangeCode);
        const acc = new Float32Array(n * 3);
        const gyr = new Float32Array(n * 3);
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < 3; k++) {
            acc[i * 3 + k] = raw[i * 6 + k] * ka;
            gyr[i * 3 + k] = raw[i * 6 + 3 + k] * kg;
          }
        }
        const chunk: ImuChunk = { location, t0: p.t0, dt: p.dt, acc, gyr };
        return p.gapBefore === undefined ? chunk : { ...chunk, gapBefore: p.gapBefore };
      }),
      filter((c): c is ImuChunk => c !== undefined),
    );
}
