import type { AnalysisOutput } from '../../src/pipeline/analysis-result.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import type { Side } from '../../src/sensors/types.ts';

export interface SideComparison {
  readonly side: Side;
  /** Reference strides: consecutive reference ICs of one side inside one reference region. */
  readonly reference: number;
  /** Detected strides lying inside a reference region. */
  readonly detected: number;
  readonly referenceMedianStrideTime: number;
  readonly detectedMedianStrideTime: number;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Compares analysis strides with the recording's independent reference (motion capture, INDIP,
 * validated foot algorithms), only inside the regions where that reference is complete.
 */
export async function compareWithReference(dir: string, output: AnalysisOutput): Promise<SideComparison[]> {
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const { events = [], regions } = read.recording;
  const out: SideComparison[] = [];
  for (const side of ['left', 'right'] as const) {
    const spans = regions?.[side] ?? [];
    const inside = (a: number, b: number) => spans.some(([r0, r1]) => a >= r0 - 0.1 && b <= r1 + 0.1);
    const ics = events.filter((e) => e.side === side && e.type === 'IC').map((e) => e.t);
    const refTimes: number[] = [];
    for (let i = 0; i + 1 < ics.length; i++) {
      const st = ics[i + 1] - ics[i];
      if (st >= 0.6 && st <= 2.5 && inside(ics[i], ics[i + 1])) refTimes.push(st);
    }
    const detected = output.strides.filter((s) => s.side === side && inside(s.ic, s.next_ic));
    out.push({
      side,
      reference: refTimes.length,
      detected: detected.length,
      referenceMedianStrideTime: median(refTimes),
      detectedMedianStrideTime: median(detected.map((s) => s.stride_time)),
    });
  }
  return out;
}
