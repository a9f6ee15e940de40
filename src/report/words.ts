import type { AnalysisOutput } from '../pipeline/analysis-result.ts';

type AssessmentOut = AnalysisOutput['assessments'][number];
type EvidenceOut = AssessmentOut['evidence'][number];

const DEG = 180 / Math.PI;

const STRIDE_LABELS: Record<string, string> = {
  strideTime: 'stride time',
  stanceTime: 'stance time',
  swingTime: 'swing time',
  stepTime: 'step time',
  stancePct: 'stance share of the stride',
  rom: 'leg range of motion',
  peakSwingVelocity: 'peak swing speed of the leg',
  doubleSupport: 'double support',
};

const TRUNK_LABELS: Record<string, string> = {
  lateralLean: 'trunk sideways lean',
  mlSwayRms: 'trunk side-to-side sway',
  harmonicRatioAp: 'trunk smoothness forward-back (harmonic ratio)',
  harmonicRatioV: 'trunk smoothness up-down (harmonic ratio)',
  harmonicRatioMl: 'trunk smoothness side-to-side (harmonic ratio)',
  stepRegularity: 'step regularity',
  strideRegularity: 'stride regularity',
};

/** Camel or snake case key → camelCase, so JSON written either way reads the same. */
export function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function strideMetricLabel(key: string): string {
  return STRIDE_LABELS[camel(key)] ?? key;
}

function formatValue(metric: string, v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (/lean|Lean/.test(metric)) {
    const deg = v * DEG;
    if (Math.abs(deg) < 0.05) return '0.0°';
    return `${Math.abs(deg).toFixed(1)}° ${deg > 0 ? 'to the right' : 'to the left'}`;
  }
  if (metric.startsWith('si.')) return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} %`;
  if (metric === 'cadence') return `${v.toFixed(0)} steps/min`;
  const m = camel(metric.split('.').at(-1) ?? metric);
  if (m === 'rom') return `${(v * DEG).toFixed(0)}°`;
  if (m === 'peakSwingVelocity') return `${(v * DEG).toFixed(0)}°/s`;
  if (m.endsWith('Time') || m === 'doubleSupport') return `${v.toFixed(3)} s`;
  if (m === 'stancePct') return `${v.toFixed(1)} %`;
  if (m === 'mlSwayRms') return `${v.toFixed(2)} m/s²`;
  return v.toFixed(2);
}

/** A metric key from an assessment's evidence in words, e.g. "si.stanceTime" → "asymmetry of stance time". */
export function metricLabel(metric: string): string {
  const parts = metric.split('.');
  if (metric === 'cadence') return 'cadence';
  if (parts[0] === 'si') return `left–right asymmetry of ${strideMetricLabel(parts[1])} (SI, positive = left larger)`;
  if (parts[0] === 'left' || parts[0] === 'right') return `${parts[0]} ${strideMetricLabel(parts[1])}`;
  if (parts[0] === 'trunk' && parts[1] === 'stanceLean') return `trunk lean during ${parts[2]} stance, beyond its mean`;
  if (parts[0] === 'trunk') return TRUNK_LABELS[camel(parts[1])] ?? parts[1];
  return metric;
}

/** One evidence line in plain words. */
export function describeEvidence(e: EvidenceOut): string {
  const direction = e.z >= 0 ? 'above' : 'below';
  return `${capitalize(metricLabel(e.metric))}: ${formatValue(e.metric, e.value)} now, ${formatValue(e.metric, e.baseline)} in the wearer's baseline — ${Math.abs(e.z).toFixed(1)} robust SDs ${direction} their usual.`;
}

function severityWord(severity: number): string {
  if (severity < 0.34) return 'mild';
  if (severity < 0.67) return 'moderate';
  return 'marked';
}

/** The assessment's headline in plain words. */
export function describeAssessment(a: AssessmentOut): string {
  const side = a.side === 'left' || a.side === 'right' ? a.side : '';
  const degree = `${severityWord(a.severity)} (severity ${a.severity.toFixed(2)}, confidence ${a.confidence.toFixed(2)})`;
  switch (a.pattern) {
    case 'none':
      return "No compensation pattern: the walk is within the wearer's own baseline band.";
    case 'knee-driven':
      return `Knee-driven compensation on the ${side} side, ${degree}: the ${side} leg loads for a shorter time or moves through less range, and the trunk makes up for it.`;
    case 'back-driven':
      return a.side === 'both'
        ? `Back-driven (guarded) walk, ${degree}: both legs move through less range and cadence fell, with stiffer or less regular trunk motion.`
        : `Back-driven pattern with one-sided (sciatic-type) signs on the ${side} side, ${degree}: the ${side} leg swings more slowly while the trunk leans away from it.`;
    case 'pelvic':
      return `Pelvic pattern toward the ${side} side, ${degree}: a lasting sideways tilt of the pelvis with uneven step times, without a change in the legs' range of motion.`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export { formatValue };
