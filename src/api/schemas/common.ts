import { Type } from 'typebox';

/** The one error body every route can answer. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'HTTP reason phrase' }),
    message: Type.String({ description: 'what was wrong' }),
  },
  { $id: 'ApiError', description: 'An error: what was wrong, in words; never a stack trace or a path' },
);

/** Reference to the shared error schema, for response maps. */
export const errorRef = Type.Ref('ApiError');

export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, errorRef]));

/** A number that may be absent as JSON null (NaN is not JSON). */
export const Num = (description?: string) =>
  Type.Union([Type.Number(), Type.Null()], description ? { description } : {});

export const LocationSchema = Type.Union([
  Type.Literal('left_shank'),
  Type.Literal('right_shank'),
  Type.Literal('waist'),
  Type.Literal('left_foot'),
  Type.Literal('right_foot'),
]);

export const SensorStatusSchema = Type.Object({
  sensorId: Type.String(),
  location: LocationSchema,
  connected: Type.Boolean(),
  battery: Type.Optional(Type.Number({ description: 'fraction 0..1' })),
  rssiDbm: Type.Optional(Type.Number()),
  packetLoss: Num('fraction 0..1 of packets lost so far'),
  driftPpm: Type.Optional(Type.Number()),
});
