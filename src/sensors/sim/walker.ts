/**
 * The virtual walker: a scenario and a seed in, raw BLE notifications out (through the real
 * protocol encoder), plus the ground truth of the walk. Deterministic for a seed.
 */
import { LOCATIONS, type Location, type RawNotification } from '../types.ts';
import { createBodySignalSource } from './body-signals.ts';
import { type GaitPlan, planWalk } from './plan.ts';
import { createPrng } from './prng.ts';
import { compileScenario, type Scenario } from './scenario.ts';
import { getScenario } from './scenarios.ts';
import {
  createSensorStream,
  type PendingNotification,
  type SensorStream,
  type SensorTruth,
  type SimSensorInfo,
} from './sensor-model.ts';
import { computeGroundTruth, type GroundTruth } from './truth.ts';

export interface WalkerOptions {
  /** A built-in scenario name or a parsed scenario (parseScenario / loadScenarioFile). */
  readonly scenario: string | Scenario;
  readonly seed: number;
  readonly durationS: number;
  /** Default: left_shank, right_shank, waist. */
  readonly sensors?: readonly Location[];
  readonly rateHz?: 50 | 100 | 200;
  /** Samples per notification, 1..19 (default 5). */
  readonly samplesPerPacket?: number;
  /** Host clock (ms) at wearer time 0; receivedAt = hostStartMs + arrival. Default 0. */
  readonly hostStartMs?: number;
}

export interface Walker {
  readonly scenario: Scenario;
  /** What BLE would read from each sensor's status characteristic. */
  readonly sensors: readonly SimSensorInfo[];
  /** Every notification of the walk in arrival order; each call replays the same walk. */
  notifications(): Iterable<RawNotification & { readonly firstSampleT: number }>;
  /** Complete for the whole duration (computed on first access, then kept). */
  readonly groundTruth: GroundTruth;
  /** Clock, mounting and loss truth per sensor (loss counts reflect the last finished replay). */
  sensorTruth(): readonly SensorTruth[];
  readonly plan: GaitPlan;
}

export const THREE_SENSORS: readonly Location[] = ['left_shank', 'right_shank', 'waist'];
export const FIVE_SENSORS: readonly Location[] = ['left_shank', 'right_shank', 'waist', 'left_foot', 'right_foot'];

/** Wearer-time span rendered per step of the generator, s. */
const BLOCK_S = 1;

/** Throws RangeError for invalid options: the CLI validates user input before calling. */
export function createWalker(options: WalkerOptions): Walker {
  let scenario: Scenario;
  if (typeof options.scenario === 'string') {
    const found = getScenario(options.scenario);
    if (!found.ok) throw new RangeError(found.error);
    scenario = found.scenario;
  } else scenario = options.scenario;
  const { seed, durationS } = options;
  const locations = options.sensors ?? THREE_SENSORS;
  const rateHz = options.rateHz ?? 100;
  const spp = options.samplesPerPacket ?? 5;
  const hostStartMs = options.hostStartMs ?? 0;
  if (!Number.isFinite(seed)) throw new RangeError(`seed ${seed} is not a finite number`);
  if (!(durationS > 0 && durationS <= 24 * 3600)) throw new RangeError(`durationS ${durationS} must be in (0, 86400]`);
  if (![50, 100, 200].includes(rateHz)) throw new RangeError(`rateHz ${rateHz} must be 50, 100 or 200`);
  if (!Number.isInteger(spp) || spp < 1 || spp > 19) throw new RangeError(`samplesPerPacket ${spp} must be 1..19`);
  if (
    locations.length === 0 ||
    new Set(locations).size !== locations.length ||
    !locations.every((l) => LOCATIONS.includes(l))
  )
    throw new RangeError(`sensors must be distinct locations from ${LOCATIONS.join(', ')}`);

  const timeline = compileScenario(scenario);
  const plan = planWalk(timeline, scenario.walking, durationS, createPrng(seed));
  // Computed on first use (it costs more than the plan; the live daemon may never ask for it).
  let groundTruth: GroundTruth | undefined;

  const makeStreams = (): SensorStream[] =>
    locations.map((location, i) => {
      // One independent generator per sensor, derived from the seed and the sensor's slot.
      const prng = createPrng(seed * 7919 + 104729 * (i + 1));
      const body = createBodySignalSource(location, plan, timeline, prng.fork());
      return createSensorStream({
        location,
        rateHz,
        samplesPerPacket: spp,
        settings: scenario.sensor,
        body,
        prng,
        hostStartMs,
      });
    });
  let lastStreams = makeStreams();
  const sensors = lastStreams.map((s) => s.info);

  function* notifications(): Generator<PendingNotification> {
    const streams = makeStreams();
    lastStreams = streams;
    let pending: PendingNotification[] = [];
    for (let t = BLOCK_S; ; t += BLOCK_S) {
      const last = t >= durationS;
      for (const s of streams) s.produceUntil(Math.min(t, durationS), pending);
      pending.sort((a, b) => a.receivedAt - b.receivedAt);
      // Nothing produced later can arrive before the next packet is ready (+1 ms host latency).
      let safe = Number.POSITIVE_INFINITY;
      if (!last) for (const s of streams) safe = Math.min(safe, hostStartMs + (s.nextReadyTime() + 0.002) * 1000);
      let i = 0;
      while (i < pending.length && pending[i].receivedAt < safe) yield pending[i++];
      pending = pending.slice(i);
      if (last) return;
    }
  }

  return {
    scenario,
    sensors,
    notifications: () => ({ [Symbol.iterator]: notifications }),
    get groundTruth() {
      groundTruth ??= computeGroundTruth(plan, timeline);
      return groundTruth;
    },
    sensorTruth: () => lastStreams.map((s) => s.truth()),
    plan,
  };
}
