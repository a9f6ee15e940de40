import { Type } from 'typebox';
import { Enum, SensorStatusSchema } from './common.ts';
import { N, registered } from './results.ts';

/** Daemon state as the contract (src/daemon/contract.ts) names it: camelCase, times as *Ms Unix ms. */

export const SessionInfoSchema = Type.Object({
  id: Type.String(),
  wearer: Type.String(),
  startedAtMs: Type.Number(),
  source: Enum(['sim', 'ble', 'replay']),
  label: Type.Optional(Type.String()),
});

export const StatusSchema = Type.Object({
  atMs: Type.Number(),
  state: Enum(['starting', 'running', 'stopping', 'stopped']),
  session: Type.Optional(SessionInfoSchema),
  t: N('wearer time of the newest sample, s from the session start'),
  packets: Type.Integer(),
  lost: Type.Integer(),
  loss: N('fraction 0..1 of packets lost'),
  decodeErrors: Type.Integer(),
  strides: Type.Object({ left: Type.Integer(), right: Type.Integer() }),
  cadence: N('steps per minute'),
  assessment: Type.Optional(Type.Ref('Assessment')),
  baseline: Enum(['learning', 'ready']),
  sensors: Type.Array(SensorStatusSchema),
});

export const SeveritySchema = Enum(['info', 'warning', 'critical']);

/** A stored alert: the registry's alert fields plus whose it is and when (Unix ms). */
export const StoredAlertSchema = registered('Alert', 'alert', {
  wearer: Type.String(),
  session: Type.String(),
  atMs: Type.Number({ description: 'Unix ms of the alert' }),
});
