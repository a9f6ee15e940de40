import { project3 } from '../gait/dsp/pca.ts';
import { toUniformGrid } from '../gait/legs/gaps.ts';
import { findSagittalAxis } from '../gait/legs/orientation.ts';
import type { Recording } from '../sensors/replay/recording.ts';
import { type Location, type Side, sideOf } from '../sensors/types.ts';
import type { ReportSignal, ReportSignals } from './charts.ts';

/** Shank before foot: the report shows the sensor the events were measured on when there is a choice. */
const LEG_PREFERENCE: readonly Location[] = ['left_shank', 'right_shank', 'left_foot', 'right_foot'];

/**
 * The sagittal angular velocity of each leg sensor in a recording, for the report's signal charts:
 * put on a uniform grid (short holes bridged, long ones left as gaps) and projected on the axis the
 * event detector uses (swing positive). A leg whose axis cannot be found (no walking) is left out.
 */
export function reportSignalsFromRecording(recording: Recording): ReportSignals {
  const sagittal: Partial<Record<Side, ReportSignal>> = {};
  for (const location of LEG_PREFERENCE) {
    const side = sideOf(location);
    if (!side || sagittal[side]) continue;
    const series = recording.sensors.find((s) => s.location === location);
    if (!series) continue;
    const grid = toUniformGrid(series.t, series.gyr, series.rateHz);
    const axis = findSagittalAxis(grid.xyz, series.rateHz);
    if (!axis) continue;
    sagittal[side] = { t0: grid.t0, rateHz: series.rateHz, values: project3(grid.xyz, axis.axis) };
  }
  return { sagittal };
}
