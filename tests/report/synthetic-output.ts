import { createAsymmetryTracker } from '../../src/gait/asymmetry/index.ts';
import { assessSession } from '../../src/gait/compensation/index.ts';
import { type AsymmetryWindow, SCREENING_DISCLAIMER } from '../../src/gait/types.ts';
import { strideOut, trunkOut, windowOut } from '../../src/pipeline/analysis-output.ts';
import type { AnalysisOutput } from '../../src/pipeline/analysis-result.ts';
import type { ReportSignals } from '../../src/report/index.ts';
import { HEALTHY_SIDE, HEALTHY_TRUNK, syntheticWalk } from '../gait/asymmetry/synthetic-strides.ts';

/**
 * A walk that develops a left knee-driven pattern, run through the real asymmetry and compensation
 * code, and written in the `gaitd analyze --json` shape; with a synthetic sagittal gyro per side.
 */
export function syntheticAnalysis(wearer = 'Test Wearer'): { output: AnalysisOutput; signals: ReportSignals } {
  const a = syntheticWalk({
    strides: 70,
    strideTime: 1.1,
    left: HEALTHY_SIDE,
    right: HEALTHY_SIDE,
    trunk: HEALTHY_TRUNK,
  });
  const t0 = Math.max(...a.strides.map((s) => s.nextIc));
  const b = syntheticWalk({
    strides: 80,
    strideTime: 1.1,
    left: { stanceFraction: 0.56, rom: 0.95, peakSwingVelocity: 4.4 },
    right: HEALTHY_SIDE,
    trunk: { ...HEALTHY_TRUNK, leanInStance: { left: -0.06, right: 0.01 }, mlSway: 1.25 },
    t0,
    seed: 9,
  });
  const strides = [...a.strides, ...b.strides];
  const trunk = [...a.trunk, ...b.trunk];
  const tracker = createAsymmetryTracker();
  const windows: AsymmetryWindow[] = [];
  for (const s of [...strides].sort((x, y) => x.nextIc - y.nextIc)) {
    const w = tracker.push(s);
    if (w) windows.push(w);
  }
  const { assessments } = assessSession(strides, trunk, windows);
  const duration = Math.max(...strides.map((s) => s.nextIc)) + 1;

  // Sagittal gyro: a mid-swing peak between FC and the next IC, small dips at the contacts.
  const rateHz = 100;
  const signal = (side: 'left' | 'right') => {
    const values = new Float32Array(Math.ceil(duration * rateHz));
    for (const s of strides.filter((x) => x.side === side)) {
      const mid = (s.fc + s.nextIc) / 2;
      const width = s.swingTime / 4;
      const from = Math.max(0, Math.floor((s.ic - 0.2) * rateHz));
      const to = Math.min(values.length, Math.ceil((s.nextIc + 0.2) * rateHz));
      for (let i = from; i < to; i++) {
        const t = i / rateHz;
        values[i] +=
          s.peakSwingVelocity * Math.exp(-(((t - mid) / width) ** 2)) -
          1.5 * Math.exp(-(((t - s.fc + 0.03) / 0.04) ** 2)) -
          1.2 * Math.exp(-(((t - s.nextIc - 0.03) / 0.04) ** 2));
      }
    }
    return { t0: 0, rateHz, values };
  };

  const events = strides
    .flatMap((s) => [
      { t: s.ic, side: s.side, type: 'IC' as const, source: 'shank' as const, confidence: 0.9 },
      { t: s.fc, side: s.side, type: 'FC' as const, source: 'shank' as const, confidence: 0.9 },
    ])
    .sort((x, y) => x.t - y.t);
  const last = assessments.at(-1)!;
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1] ?? null;
  const side = (s: 'left' | 'right') => strides.filter((x) => x.side === s);
  const output: AnalysisOutput = {
    format: 'gaitd-analysis',
    format_version: 1,
    recording: {
      dir: 'synthetic/knee-left',
      wearer,
      duration_s: duration,
      sensors: ['left_shank', 'right_shank', 'waist'],
    },
    events,
    strides: strides.map(strideOut),
    trunk: trunk.map(trunkOut),
    windows: windows.map(windowOut),
    assessments,
    summary: {
      cadence_spm: windows.at(-1)!.cadence,
      n_strides: { left: side('left').length, right: side('right').length },
      stride_time_s: {
        left: median(side('left').map((s) => s.strideTime)),
        right: median(side('right').map((s) => s.strideTime)),
      },
      stance_time_s: {
        left: median(side('left').map((s) => s.stanceTime)),
        right: median(side('right').map((s) => s.stanceTime)),
      },
      swing_time_s: {
        left: median(side('left').map((s) => s.swingTime)),
        right: median(side('right').map((s) => s.swingTime)),
      },
      si: windows.at(-1)!.si,
      assessment: { ...last, disclaimer: SCREENING_DISCLAIMER },
    },
    quality: {
      sensors: {
        left_shank: { samples: Math.round(duration * rateHz), rate_hz: rateHz, used_for: ['events', 'strides'] },
        right_shank: { samples: Math.round(duration * rateHz), rate_hz: rateHz, used_for: ['events', 'strides'] },
        waist: { samples: Math.round(duration * rateHz), rate_hz: rateHz, used_for: ['trunk'] },
      },
      packet_loss: 0.004,
      gaps: [],
      bouts: [{ t_start: 0, t_end: duration, kind: 'walking' }],
      warnings: ['synthetic data: no real sensor'],
    },
  };
  return { output, signals: { sagittal: { left: signal('left'), right: signal('right') } } };
}
