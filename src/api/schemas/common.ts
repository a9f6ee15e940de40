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

/**
 * A string from a fixed set, as JSON Schema `enum`: validation errors list the allowed values, and
 * the serializer checks one type instead of trying each branch of an anyOf.
 */
export const Enum = <const T extends string>(
  values: readonly T[],
  options: { description?: string; default?: T } = {},
) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

export const LocationSchema = Enum(['left_shank', 'right_shank', 'waist', 'left_foot', 'right_foot']);

export const SensorStatusSchema = Type.Object({
  sensorId: Type.String(),
  location: LocationSchema,
  connected: Type.Boolean(),
  battery: Type.Optional(Type.Number({ description: 'fraction 0..1' })),
  rssiDbm: Type.Optional(Type.Number()),
  packetLoss: Num('fraction 0..1 of packets lost so far'),
  driftPpm: Type.Optional(Type.Number()),
});
