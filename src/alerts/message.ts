/**
 * Alert texts in plain words: the same wording as the clinician report (src/report/words.ts) for
 * assessments and evidence, and the screening-not-diagnosis note on every gait alert.
 */
import type { Assessment, Evidence } from '../gait/types.ts';
import { SCREENING_DISCLAIMER } from '../gait/types.ts';
import { describeAssessment, describeEvidence, formatValue, strideMetricLabel } from '../report/words.ts';

/** Evidence lines shown in a message: the strongest few (all of them stay in `evidence`). */
const MAX_EVIDENCE_LINES = 3;

/** "1:05" (minutes:seconds into the walk). */
export function walkTime(t: number): string {
  const s = Math.max(0, Math.round(t));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function strongestEvidence(evidence: readonly Evidence[]): Evidence[] {
  return [...evidence]
    .filter((e) => Number.isFinite(e.z))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, MAX_EVIDENCE_LINES);
}

export function compensationMessage(a: Assessment, count: number, sinceT: number): string {
  const lines = strongestEvidence(a.evidence).map(describeEvidence);
  return [
    describeAssessment(a),
    `Seen in ${count} assessments in a row since ${walkTime(sinceT)} into the walk.`,
    ...(lines.length > 0 ? [`Evidence: ${lines.join(' ')}`] : []),
    SCREENING_DISCLAIMER,
  ].join(' ');
}

export function asymmetryMessage(
  worst: { metric: string; si: number; ratio: number },
  count: number,
  sinceT: number,
  band: number,
): string {
  const larger = worst.si >= 0 ? 'left' : 'right';
  const low = (1 / band).toFixed(2);
  return [
    `Left–right asymmetry outside the healthy range in ${strideMetricLabel(worst.metric)}: symmetry index ${formatValue(`si.${worst.metric}`, worst.si)}, the ${larger} side larger (symmetry ratio ${worst.ratio.toFixed(2)}; healthy about ${low}–${band.toFixed(2)}).`,
    `Seen in ${count} asymmetry windows in a row since ${walkTime(sinceT)} into the walk.`,
    SCREENING_DISCLAIMER,
  ].join(' ');
}

const LOCATION_WORDS: Readonly<Record<string, string>> = {
  left_shank: 'left shin',
  right_shank: 'right shin',
  waist: 'lower back',
  left_foot: 'left foot',
  right_foot: 'right foot',
};

export function sensorWhere(sensorId: string, location: string): string {
  return `the ${LOCATION_WORDS[location] ?? location} sensor (${sensorId})`;
}

export function disconnectedMessage(sensorId: string, location: string, forS: number): string {
  const missing = location === 'waist' ? 'the trunk is' : 'that leg is';
  return `${capitalize(sensorWhere(sensorId, location))} has been disconnected for ${Math.round(forS)} s: ${missing} not measured meanwhile. Check that it is switched on, charged and within reach.`;
}

export function batteryMessage(sensorId: string, location: string, pct: number): string {
  return `${capitalize(sensorWhere(sensorId, location))} battery is at ${Math.round(pct)} %: charge it soon, or it will stop sending.`;
}

export function lossMessage(sensorId: string, location: string, loss: number, spanS: number): string {
  const thinner = location === 'waist' ? 'trunk results are' : 'results for that leg are';
  return `${capitalize(sensorWhere(sensorId, location))} lost ${(100 * loss).toFixed(1)} % of its packets over the last ${Math.round(spanS)} s: ${thinner} thinner. Move the receiver closer or away from interference.`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
