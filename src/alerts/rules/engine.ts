import type { AlertsConfig } from '../../config/schema.ts';
import type { GaitResult } from '../../pipeline/results.ts';
import { stepAsymmetry } from './asymmetry.ts';
import { COMPENSATION_IDLE, stepCompensation } from './compensation.ts';
import { LATCH_IDLE } from './latch.ts';
import { type SensorRuleState, sensorIdle, stepSensorStatus, stepSensorTime } from './sensor.ts';
import type { AlertDraft } from './types.ts';

export interface RuleEngine {
  /** One result of the session's stream; the alerts it decides, usually none. */
  step(result: GaitResult): AlertDraft[];
  /** Time passes without results (a live source whose sensors all went quiet). */
  tick(t: number): AlertDraft[];
  /** Wearer time of the newest result seen. */
  latestT(): number;
}

/** The newest wearer time a result speaks for. */
function timeOf(r: GaitResult): number {
  switch (r.kind) {
    case 'event':
      return r.event.t;
    case 'stride':
      return r.stride.nextIc;
    case 'trunk':
      return r.trunk.ic;
    case 'window':
      return r.window.tEnd;
    case 'assessment':
      return r.assessment.t;
    case 'alert':
      return r.alert.t;
    case 'sensor':
      return r.t;
  }
}

/**
 * All rules of one session over its result stream. A closure of pure rule steps: no I/O, no clock,
 * deterministic (the same stream gives the same drafts), so it is tested with plain arrays.
 */
export function createRuleEngine(cfg: AlertsConfig): RuleEngine {
  let compensation = COMPENSATION_IDLE;
  let asymmetry = LATCH_IDLE;
  let lastPattern: string = 'none';
  const sensors = new Map<string, SensorRuleState>();
  let latest = Number.NEGATIVE_INFINITY;
  // Sensor outages: a window reaching back before the end of the last one (or made while a sensor is
  // out) has incomplete strides, and so has the assessment made from it.
  let lastOutageEndT = Number.NEGATIVE_INFINITY;
  let lastWindowTainted = false;
  const anyDisconnected = () => [...sensors.values()].some((s) => !Number.isNaN(s.disconnectedSince));

  const tickSensors = (t: number): AlertDraft[] => {
    const drafts: AlertDraft[] = [];
    for (const [id, s] of sensors) {
      const step = stepSensorTime(s, t, cfg.sensor);
      sensors.set(id, step.state);
      drafts.push(...step.drafts);
    }
    return drafts;
  };

  return {
    step(result) {
      const t = timeOf(result);
      if (Number.isFinite(t)) latest = Math.max(latest, t);
      const drafts: AlertDraft[] = [];
      switch (result.kind) {
        case 'assessment': {
          lastPattern = result.assessment.pattern;
          const step = stepCompensation(compensation, result.assessment, cfg.compensation, lastWindowTainted);
          compensation = step.state;
          if (step.draft) drafts.push(step.draft);
          break;
        }
        case 'window': {
          const deferred = compensation.latch.active || lastPattern !== 'none';
          lastWindowTainted = anyDisconnected() || !(result.window.tStart >= lastOutageEndT);
          const step = stepAsymmetry(asymmetry, result.window, cfg.asymmetry, deferred, lastWindowTainted);
          asymmetry = step.state;
          if (step.draft) drafts.push(step.draft);
          break;
        }
        case 'sensor': {
          const s = result.status;
          const before = sensors.get(s.sensorId) ?? sensorIdle(s);
          if (s.connected && !Number.isNaN(before.disconnectedSince))
            lastOutageEndT = Math.max(lastOutageEndT, result.t);
          const step = stepSensorStatus(before, result.t, s, cfg.sensor);
          sensors.set(s.sensorId, step.state);
          drafts.push(...step.drafts);
          break;
        }
        default:
          break;
      }
      if (Number.isFinite(latest)) drafts.push(...tickSensors(latest));
      return drafts;
    },
    tick(t) {
      if (!(t > latest)) return [];
      latest = t;
      return tickSensors(t);
    },
    latestT: () => latest,
  };
}
