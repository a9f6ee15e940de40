import { Type } from 'typebox';
import { jsonSchemaFor, type Measurement } from '../../domain/result-fields.ts';
import { Enum } from './common.ts';

/**
 * Stored and live results as the API returns them: the result-field registry's JSON Schemas
 * (src/domain/result-fields.ts; camelCase, SI, times in seconds on the session timeline), so a new
 * metric reaches the API and its OpenAPI document with its registry line.
 */

/** number | null as one JSON Schema type (OpenAPI 3.1), cheaper to serialize than anyOf. */
export const N = (description?: string) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...(description ? { description } : {}) });

/**
 * Every number may be null here: the journal stores any unknown value as NULL, and the serializer
 * would write a null declared `number` as 0, a wrong value rather than a missing one.
 */
function nullableNumbers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableNumbers);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = nullableNumbers(v);
  if (out.type === 'number') out.type = ['number', 'null'];
  return out;
}

/** A measurement's registry schema under `$id`, with `extra` properties (e.g. where a stored alert belongs). */
export function registered($id: string, measurement: Measurement, extra: Record<string, unknown> = {}) {
  const schema = nullableNumbers(jsonSchemaFor(measurement)) as { properties: object; required: string[] };
  return Type.Unsafe<Record<string, unknown>>({
    ...schema,
    properties: { ...schema.properties, ...extra },
    required: [...schema.required, ...Object.keys(extra)],
    $id,
  });
}

export const StrideOut = registered('Stride', 'stride');
export const TrunkOut = registered('TrunkStride', 'trunk');
export const WindowOut = registered('AsymmetryWindow', 'asymmetry');
export const AssessmentOut = registered('Assessment', 'assessment');

export const AssessmentSideSchema = Enum(['left', 'right', 'both', 'none']);

export const SessionOut = Type.Object(
  {
    id: Type.String(),
    wearer: Type.String(),
    startedAtMs: Type.Number({ description: 'Unix ms of t = 0 of the session timeline' }),
    source: Enum(['sim', 'ble', 'replay']),
    label: Type.Optional(Type.String()),
    nStrides: Type.Integer(),
    nAssessments: Type.Integer(),
    nAlerts: Type.Integer(),
    lastT: N('session time of the last stored stride end, s'),
  },
  { $id: 'Session', additionalProperties: false },
);

const PerSide = Type.Object({ left: N(), right: N() });

export const SessionDetailOut = Type.Object({
  session: Type.Ref('Session'),
  summary: Type.Object({
    cadence: N('steps per minute: 120 / median stride time'),
    nStrides: Type.Object({ left: Type.Integer(), right: Type.Integer() }),
    strideTime: PerSide,
    stanceTime: PerSide,
    swingTime: PerSide,
    si: Type.Record(Type.String(), Type.Number(), {
      description: 'Robinson symmetry index of the per-side medians over the session, %',
    }),
  }),
  assessment: Type.Union([Type.Ref('Assessment'), Type.Null()], {
    description: 'the latest assessment; null before a baseline exists',
  }),
  disclaimer: Type.String({ description: 'the sentence to show with any assessment' }),
});

export const WearerOut = Type.Object({
  wearer: Type.String(),
  sessions: Type.Integer(),
  firstStartedAtMs: Type.Number(),
  lastStartedAtMs: Type.Number(),
});

export const page = (itemRef: string) =>
  Type.Object({
    items: Type.Array(Type.Ref(itemRef)),
    nextCursor: Type.Unsafe<string | null>({
      type: ['string', 'null'],
      description: 'pass as cursor= for the next page; null on the last page',
    }),
  });

/** Registered once with addSchema so routes and the OpenAPI document share them. */
export const SHARED_RESULT_SCHEMAS = [StrideOut, TrunkOut, WindowOut, AssessmentOut, SessionOut];
