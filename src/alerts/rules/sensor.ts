import type { AlertsConfig } from '../../config/schema.ts';
import type { SensorStatus } from '../../sensors/types.ts';
import { batteryMessage, disconnectedMessage, lossMessage } from '../message.ts';
import { LATCH_IDLE, type LatchOptions, type LatchState, type Level, stepLatch } from './latch.ts';
import type { AlertDraft } from './types.ts';

/** Span over which packet loss is judged, s of wearer time. */
export const LOSS_SPAN_S = 30;

export interface SensorRuleState {
  readonly sensorId: string;
  readonly location: SensorStatus['location'];
  /** Wearer time the sensor was first seen disconnected; NaN while connected. */
  readonly disconnectedSince: number;
  readonly link: LatchState;
  readonly battery: LatchState;
  readonly loss: LatchState;
  /** Recent (t, cumulative loss fraction) samples, oldest first, covering about LOSS_SPAN_S. */
  readonly lossSamples: readonly (readonly [number, number])[];
}

export function sensorIdle(status: Pick<SensorStatus, 'sensorId' | 'location'>): SensorRuleState {
  return {
    sensorId: status.sensorId,
    location: status.location,
    disconnectedSince: Number.NaN,
    link: LATCH_IDLE,
    battery: LATCH_IDLE,
    loss: LATCH_IDLE,
    lossSamples: [],
  };
}

const once = (cooldownS: number): LatchOptions => ({ raiseAfter: 1, clearAfter: 1, cooldownS });

/**
 * Loss over the last samples from the cumulative loss fraction: a sensor sends at a fixed rate, so
 * the packets expected since it started grow with time and lost ≈ fraction × t; the loss between two
 * samples is the growth of that product over the time between them. Assumes the sensor started near
 * the session's t = 0 (true for a walk; a late-joining sensor reads low at first).
 */
export function recentLoss(from: readonly [number, number], to: readonly [number, number]): number {
  const dt = to[0] - from[0];
  if (!(dt > 0)) return Number.NaN;
  const v = (to[1] * Math.max(0, to[0]) - from[1] * Math.max(0, from[0])) / dt;
  return Math.min(1, Math.max(0, v));
}

/** A sensor status result: connection, battery (hysteresis between low and clear %) and recent loss. */
export function stepSensorStatus(
  state: SensorRuleState,
  t: number,
  status: SensorStatus,
  cfg: AlertsConfig['sensor'],
): { state: SensorRuleState; drafts: AlertDraft[] } {
  const drafts: AlertDraft[] = [];
  let next: SensorRuleState = { ...state, location: status.location };
  if (status.connected) {
    next = {
      ...next,
      disconnectedSince: Number.NaN,
      link: stepLatch(next.link, 'clear', t, once(cfg.cooldownS)).state,
    };
  } else if (Number.isNaN(next.disconnectedSince)) next = { ...next, disconnectedSince: t };

  if (status.battery !== undefined && Number.isFinite(status.battery)) {
    const pct = status.battery;
    const level: Level = pct <= cfg.batteryLowPct ? 'raise' : pct >= cfg.batteryClearPct ? 'clear' : 'hold';
    const step = stepLatch(next.battery, level, t, once(cfg.cooldownS));
    next = { ...next, battery: step.state };
    if (step.raised) {
      drafts.push({
        kind: 'battery-low',
        t,
        severity: pct <= cfg.batteryLowPct / 3 ? 'warning' : 'info',
        message: batteryMessage(status.sensorId, status.location, pct),
        evidence: [{ metric: `sensor.${status.sensorId}.battery`, value: pct, baseline: cfg.batteryLowPct, z: 0 }],
        haptic: [],
      });
    }
  }

  // Packets missed while disconnected are counted as lost when the sensor is back; that is the
  // disconnection's alert, not a radio-quality one, so the loss span restarts after it.
  if (!status.connected) next = { ...next, lossSamples: [] };
  else if (Number.isFinite(status.packetLoss)) {
    const samples = [...next.lossSamples, [t, status.packetLoss] as const];
    while (samples.length > 2 && t - samples[1][0] >= LOSS_SPAN_S) samples.shift();
    const spanS = t - samples[0][0];
    const loss = spanS >= LOSS_SPAN_S / 2 ? recentLoss(samples[0], samples[samples.length - 1]) : Number.NaN;
    const level: Level = !Number.isFinite(loss)
      ? 'hold'
      : loss > cfg.lossHigh
        ? 'raise'
        : loss < cfg.lossClear
          ? 'clear'
          : 'hold';
    const step = stepLatch(next.loss, level, t, once(cfg.cooldownS));
    next = { ...next, loss: step.state, lossSamples: samples };
    if (step.raised) {
      drafts.push({
        kind: 'packet-loss',
        t,
        severity: 'info',
        message: lossMessage(status.sensorId, status.location, loss, spanS),
        evidence: [{ metric: `sensor.${status.sensorId}.packetLoss`, value: loss, baseline: cfg.lossHigh, z: 0 }],
        haptic: [],
      });
    }
  }
  const timed = stepSensorTime(next, t, cfg);
  return { state: timed.state, drafts: [...drafts, ...timed.drafts] };
}

/** Time passed (any result, or the live tick): a sensor disconnected longer than `disconnectedS` raises. */
export function stepSensorTime(
  state: SensorRuleState,
  t: number,
  cfg: AlertsConfig['sensor'],
): { state: SensorRuleState; drafts: AlertDraft[] } {
  if (Number.isNaN(state.disconnectedSince)) return { state, drafts: [] };
  const forS = t - state.disconnectedSince;
  const step = stepLatch(state.link, forS > cfg.disconnectedS ? 'raise' : 'hold', t, once(cfg.cooldownS));
  const next = { ...state, link: step.state };
  if (!step.raised) return { state: next, drafts: [] };
  return {
    state: next,
    drafts: [
      {
        kind: 'sensor-disconnected',
        t,
        severity: 'warning',
        message: disconnectedMessage(state.sensorId, state.location, forS),
        evidence: [
          { metric: `sensor.${state.sensorId}.disconnectedS`, value: forS, baseline: cfg.disconnectedS, z: 0 },
        ],
        haptic: [],
      },
    ],
  };
}
