import { Type } from 'typebox';
import { Enum, Num, SensorStatusSchema } from './common.ts';

export const HealthSchema = Type.Object(
  {
    status: Enum(['ok', 'degraded', 'down']),
    problems: Type.Array(Type.String()),
    sensors: Type.Array(SensorStatusSchema),
    pipeline: Type.Object({ running: Type.Boolean(), lastResultAtMs: Num('Unix ms of the last result') }),
    storage: Type.Object({
      journal: Type.Boolean(),
      outboxBacklog: Type.Integer(),
      influx: Enum(['off', 'ok', 'failing']),
      disk: Enum(['ok', 'warn', 'full', 'cap']),
      refusedResults: Type.Integer(),
    }),
  },
  { description: 'ok: everything works; degraded: results flow but something needs attention; down: no results' },
);
