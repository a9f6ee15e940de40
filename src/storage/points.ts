import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import { type Point, toLine } from './line-protocol.ts';

/**
 * The InfluxDB schema of DESIGN.md ("InfluxDB schema"): which result becomes which point.
 * Times are the event time: a stride's and a trunk stride's initial contact, a window's end,
 * an assessment's or alert's own time, a sensor status's sample time.
 * Gait events (IC/FC) stay in the journal only: they are not part of the InfluxDB schema.
 */

/** Unix microseconds of a wearer-timeline time (seconds from the session start). */
export function unixMicros(session: SessionInfo, t: number): number {
  return Math.round(session.startedAtMs * 1000) + Math.round(t * 1e6);
}

export function pointOf(session: SessionInfo, result: GaitResult): Point | undefined {
  // Tags are listed sorted by key, the order InfluxDB stores them in (cheaper for it to parse).
  const base = { session: session.id, wearer: session.wearer };
  switch (result.kind) {
    case 'stride': {
      const s = result.stride;
      return {
        measurement: 'stride',
        tags: { session: session.id, side: s.side, wearer: session.wearer },
        fields: {
          stride_time: s.strideTime,
          stance_time: s.stanceTime,
          swing_time: s.swingTime,
          step_time: s.stepTime,
          stance_pct: s.stancePct,
          shank_rom: s.rom,
          peak_swing_velocity: s.peakSwingVelocity,
        },
        timeUs: unixMicros(session, s.ic),
      };
    }
    case 'trunk': {
      const t = result.trunk;
      return {
        measurement: 'trunk',
        tags: base,
        fields: {
          lateral_lean: t.lateralLean,
          ml_sway_rms: t.mlSwayRms,
          harmonic_ratio_ap: t.harmonicRatio.ap,
          harmonic_ratio_v: t.harmonicRatio.v,
          harmonic_ratio_ml: t.harmonicRatio.ml,
          step_regularity: t.stepRegularity,
          stride_regularity: t.strideRegularity,
        },
        timeUs: unixMicros(session, t.ic),
      };
    }
    case 'window': {
      const w = result.window;
      const fields: Record<string, number> = {
        cadence: w.cadence,
        n_strides: w.nLeft + w.nRight,
        ga_swing: w.gaSwing,
        pci: w.pci,
      };
      for (const [metric, value] of Object.entries(w.si)) fields[`si_${metric}`] = value;
      return { measurement: 'asymmetry', tags: base, fields, timeUs: unixMicros(session, w.tEnd) };
    }
    case 'assessment': {
      const a = result.assessment;
      return {
        measurement: 'assessment',
        tags: { pattern: a.pattern, ...base },
        fields: { severity: a.severity, confidence: a.confidence, affected_side: a.side },
        timeUs: unixMicros(session, a.t),
      };
    }
    case 'alert': {
      const a = result.alert;
      return {
        measurement: 'alert',
        tags: { kind: a.kind, session: session.id, severity: a.severity, wearer: session.wearer },
        fields: { message: a.message, value: a.evidence[0]?.value ?? Number.NaN },
        timeUs: unixMicros(session, a.t),
      };
    }
    case 'sensor': {
      const s = result.status;
      return {
        measurement: 'sensor',
        tags: { location: s.location, sensor_id: s.sensorId, wearer: session.wearer },
        fields: {
          battery: s.battery ?? Number.NaN,
          rssi: s.rssiDbm ?? Number.NaN,
          packet_loss: s.packetLoss,
          clock_drift_ppm: s.driftPpm ?? Number.NaN,
        },
        timeUs: unixMicros(session, result.t),
      };
    }
    case 'event':
      return undefined;
  }
}

/** The line protocol for one result, or undefined when it has no InfluxDB point. */
export function lineOf(session: SessionInfo, result: GaitResult): string | undefined {
  const point = pointOf(session, result);
  return point === undefined ? undefined : toLine(point);
}
