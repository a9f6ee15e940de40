import { Type } from 'typebox';
import { Enum } from './common.ts';

/**
 * Stored results as the API returns them: the field names and units of docs/analysis-output.md
 * (snake_case, SI, times in seconds on the session timeline). A value that could not be measured
 * is null (JSON has no NaN).
 */

/** number | null as one JSON Schema type (OpenAPI 3.1), cheaper to serialize than anyOf. */
export const N = (description?: string) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...(description ? { description } : {}) });

const SideLR = Enum(['left', 'right']);
const Source = Enum(['shank', 'foot', 'waist']);

export const StrideOut = Type.Object(
  {
    side: SideLR,
    ic: N('initial contact, s'),
    fc: N('final contact, s'),
    next_ic: N('next initial contact of the same side, s'),
    stride_time: N('s'),
    stance_time: N('s'),
    swing_time: N('s'),
    step_time: N('s; null when the other side has no IC in the stride before'),
    stance_pct: N('% of stride time'),
    double_support: N('s'),
    rom: N('sagittal range of motion, rad'),
    peak_swing_velocity: N('rad/s'),
    source: Source,
  },
  { $id: 'Stride', additionalProperties: false },
);

export const TrunkOut = Type.Object(
  {
    ic: N('the stride this belongs to, s'),
    side: SideLR,
    lateral_lean: N('rad; positive = toward the right'),
    lean_in_stance: N('rad; positive = toward the right'),
    ml_sway_rms: N('m/s²'),
    harmonic_ratio: Type.Object({ ap: N(), v: N(), ml: N() }),
    step_regularity: N('-1..1'),
    stride_regularity: N('-1..1'),
  },
  { $id: 'TrunkStride', additionalProperties: false },
);

export const WindowOut = Type.Object(
  {
    t_start: N('s'),
    t_end: N('s'),
    n_left: Type.Integer(),
    n_right: Type.Integer(),
    cadence: N('steps per minute'),
    si: Type.Record(Type.String(), Type.Number(), { description: 'Robinson symmetry index per metric, %' }),
    ci: Type.Record(Type.String(), Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), {
      description: '95 % interval of each SI, %',
    }),
    ga_swing: N('Plotnik gait asymmetry on swing time, %'),
    pci: N('phase coordination index, %'),
    ratio: Type.Optional(Type.Record(Type.String(), Type.Number())),
  },
  { $id: 'AsymmetryWindow', additionalProperties: false },
);

export const EvidenceOut = Type.Object({ metric: Type.String(), value: N(), baseline: N(), z: N() });

export const PatternSchema = Enum(['knee-driven', 'back-driven', 'pelvic', 'none']);
export const AssessmentSideSchema = Enum(['left', 'right', 'both', 'none']);

export const AssessmentOut = Type.Object(
  {
    t: N('the window end, s'),
    pattern: PatternSchema,
    side: AssessmentSideSchema,
    severity: N('0..1'),
    confidence: N('0..1'),
    evidence: Type.Array(EvidenceOut),
  },
  { $id: 'Assessment', description: 'A screening signal, not a diagnosis', additionalProperties: false },
);

export const SessionOut = Type.Object(
  {
    id: Type.String(),
    wearer: Type.String(),
    started_at_ms: Type.Number({ description: 'Unix ms of t = 0 of the session timeline' }),
    source: Enum(['sim', 'ble', 'replay']),
    label: Type.Optional(Type.String()),
    n_strides: Type.Integer(),
    n_assessments: Type.Integer(),
    n_alerts: Type.Integer(),
    last_t: N('session time of the last stored stride end, s'),
  },
  { $id: 'Session', additionalProperties: false },
);

const PerSide = Type.Object({ left: N(), right: N() });

export const SessionDetailOut = Type.Object({
  session: Type.Ref('Session'),
  summary: Type.Object({
    cadence_spm: N('steps per minute'),
    n_strides: Type.Object({ left: Type.Integer(), right: Type.Integer() }),
    stride_time_s: PerSide,
    stance_time_s: PerSide,
    swing_time_s: PerSide,
    si: Type.Record(Type.String(), Type.Number()),
  }),
  assessment: Type.Union([Type.Object({ ...AssessmentOut.properties, disclaimer: Type.String() }), Type.Null()], {
    description: 'the latest assessment with the sentence to show with it; null before a baseline exists',
  }),
});

export const WearerOut = Type.Object({
  wearer: Type.String(),
  sessions: Type.Integer(),
  first_started_at_ms: Type.Number(),
  last_started_at_ms: Type.Number(),
});

export const page = (itemRef: string) =>
  Type.Object({
    items: Type.Array(Type.Ref(itemRef)),
    next_cursor: Type.Unsafe<string | null>({
      type: ['string', 'null'],
      description: 'pass as cursor= for the next page; null on the last page',
    }),
  });

/** Registered once with addSchema so routes and the OpenAPI document share them. */
export const SHARED_RESULT_SCHEMAS = [StrideOut, TrunkOut, WindowOut, AssessmentOut, SessionOut];
