/**
 * Clean accelerometer (specific force) and gyroscope signals of one body segment in its own
 * anatomical frame, x = anterior, y = left, z = up along the segment, before the sensor model
 * (mounting rotation, bias, noise, quantisation). Stateful: segment angles are integrated from
 * block to block, so blocks must be rendered in time order.
 */
import { STANDARD_GRAVITY } from '../../protocol/packet.ts';
import { type Location, sideOf } from '../types.ts';
import { buildLegTrack, LEG_SHAPES, type LegKind, renderLeg } from './leg-model.ts';
import type { GaitPlan } from './plan.ts';
import type { Prng } from './prng.ts';
import type { ScenarioTimeline } from './scenario.ts';
import { buildTrunkTrack, overlapping, renderTrunk, renderTurn } from './trunk-model.ts';

export interface BodySignalSource {
  /** Writes n samples at times t0 + i·dt (xyz interleaved; acc m/s², gyr rad/s). */
  render(t0: number, dt: number, n: number, acc: Float64Array, gyr: Float64Array): void;
}

/** Static forward lean of the trunk, rad. */
const TRUNK_PITCH = 0.06;
/** Segment angles relax toward upright with this time constant, s (keeps integration bounded). */
const ANGLE_LEAK_S = 2;

function scratch(n: number, count: number): Float64Array[] {
  return Array.from({ length: count }, () => new Float64Array(n));
}

function legSource(plan: GaitPlan, location: Location, kind: LegKind): BodySignalSource {
  const track = buildLegTrack(plan, sideOf(location)!, kind);
  const radius = LEG_SHAPES[kind].radius;
  let angle = 0;
  let previous = 0;
  let bufs = scratch(0, 4);
  return {
    render(t0, dt, n, acc, gyr) {
      if (bufs[0].length < n) bufs = scratch(n, 4);
      for (const b of bufs) b.fill(0, 0, n);
      const [sagittal, frontal, transverse, impact] = bufs;
      renderLeg(track, t0, dt, n, { sagittal, frontal, transverse, impact });
      for (const turn of overlapping(plan.turns, t0, t0 + n * dt, 10)) renderTurn(turn, t0, dt, n, transverse);
      for (let i = 0; i < n; i++) {
        const w = sagittal[i];
        const alpha = (w - previous) / dt;
        previous = w;
        angle += w * dt - (angle * dt) / ANGLE_LEAK_S;
        const j = 3 * i;
        acc[j] = -STANDARD_GRAVITY * Math.sin(angle) - radius * alpha + 0.3 * impact[i];
        acc[j + 1] = 0.1 * impact[i];
        acc[j + 2] = STANDARD_GRAVITY * Math.cos(angle) + radius * w * w + impact[i];
        gyr[j] = frontal[i];
        gyr[j + 1] = w;
        gyr[j + 2] = transverse[i];
      }
    },
  };
}

function waistSource(plan: GaitPlan, timeline: ScenarioTimeline, prng: Prng): BodySignalSource {
  const track = buildTrunkTrack(plan);
  let bufs = scratch(0, 6);
  let previousRoll = Number.NaN;
  let previousPitch = Number.NaN;
  // Coloured trunk noise (τ 30 ms, 0.3 m/s² × irregularity) and slow postural roll sway (τ 1 s).
  const noise = [0, 0, 0];
  let sway = 0;
  return {
    render(t0, dt, n, acc, gyr) {
      if (bufs[0].length < n) bufs = scratch(n, 6);
      for (const b of bufs) b.fill(0, 0, n);
      const [anteroposterior, mediolateral, vertical, roll, pitch, yawRate] = bufs;
      renderTrunk(track, t0, dt, n, { anteroposterior, mediolateral, vertical, roll, pitch, yawRate });
      const p0 = timeline.paramsAt(t0);
      const p1 = timeline.paramsAt(t0 + n * dt);
      const aNoise = Math.exp(-dt / 0.03);
      const aSway = Math.exp(-dt / 1);
      const kSway = 0.004 * Math.sqrt(1 - aSway * aSway);
      for (let i = 0; i < n; i++) {
        const f = i / n;
        const tilt = p0.static_tilt_rad + f * (p1.static_tilt_rad - p0.static_tilt_rad);
        const sigma = 0.3 * (p0.trunk_irregularity + f * (p1.trunk_irregularity - p0.trunk_irregularity));
        const kNoise = sigma * Math.sqrt(1 - aNoise * aNoise);
        for (let k = 0; k < 3; k++) noise[k] = aNoise * noise[k] + kNoise * prng.fastNormal();
        sway = aSway * sway + kSway * prng.fastNormal();
        const lean = tilt + roll[i] + sway;
        const forward = TRUNK_PITCH + pitch[i];
        if (Number.isNaN(previousRoll)) {
          previousRoll = lean;
          previousPitch = forward;
        }
        const j = 3 * i;
        // World "up" seen from a trunk rolled right by `lean` and pitched forward by `forward`.
        const cp = Math.cos(forward);
        acc[j] = -STANDARD_GRAVITY * Math.sin(forward) + anteroposterior[i] + noise[0];
        acc[j + 1] = STANDARD_GRAVITY * cp * Math.sin(lean) + mediolateral[i] + noise[1];
        acc[j + 2] = STANDARD_GRAVITY * cp * Math.cos(lean) + vertical[i] + noise[2];
        gyr[j] = (lean - previousRoll) / dt;
        gyr[j + 1] = (forward - previousPitch) / dt;
        gyr[j + 2] = yawRate[i];
        previousRoll = lean;
        previousPitch = forward;
      }
    },
  };
}

export function createBodySignalSource(
  location: Location,
  plan: GaitPlan,
  timeline: ScenarioTimeline,
  prng: Prng,
): BodySignalSource {
  if (location === 'waist') return waistSource(plan, timeline, prng);
  return legSource(plan, location, location.endsWith('_foot') ? 'foot' : 'shank');
}
