import { Type } from 'typebox';
import { Num, SensorStatusSchema } from './common.ts';

export const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]),
    problems: Type.Array(Type.String()),
    sensors: Type.Array(SensorStatusSchema),
    pipeline: Type.Object({ running: Type.Boolean(), lastResultAtMs: Num('Unix ms of the last result') }),
    storage: Type.Object({
      journal: Type.Boolean(),
      outboxBacklog: Type.Integer(),
      influx: Type.Union([Type.Literal('off'), Type.Literal('ok'), Type.Literal('failing')]),
      disk: Type.Union([Type.Literal('ok'), Type.Literal('warn'), Type.Literal('full'), Type.Literal('cap')]),
      refusedResults: Type.Integer(),
    }),
  },
  { description: 'ok: everything works; degraded: results flow but something needs attention; down: no results' },
);
