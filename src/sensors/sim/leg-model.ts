/**
 * Leg segment (shank or foot) model: sagittal angular velocity built from the plan's swings and
 * stances, in the "swing positive" sign of GAIT.md:
 *   swing   a smooth positive lobe FC → IC peaking at mid-swing (the mid-swing peak),
 *   IC      a sharp negative dip just after contact (Aminian 2002: ~10 ms after IC),
 *   FC      a negative dip at/just before toe-off (pre-swing knee flexion; push-off on the foot),
 *   stance  a slow negative rotation (shank rolling over the foot) sized so that every
 *           swing + stance cycle integrates to zero: the segment returns to the same angle.
 * Shape constants were tuned against stride templates of the real foot recordings in
 * shared/data (docs/sim.md, tests/sensors/sim/shape.test.ts).
 */
import type { Side } from '../types.ts';
import type { GaitPlan } from './plan.ts';

export type LegKind = 'shank' | 'foot';

interface LegShape {
  /** IC dip depth as a fraction of the adjacent swing peak; delay after IC, s; Gaussian SD, s. */
  readonly icDip: number;
  readonly icDelay: number;
  readonly icWidth: number;
  /** FC dip depth (fraction of peak); how long before FC it is deepest, s; Gaussian SD, s. */
  readonly fcDip: number;
  readonly fcLead: number;
  readonly fcWidth: number;
  /** Swing lobe sin(π·u^warp)^power over u = 0..1 of the swing. */
  readonly swingPower: number;
  readonly swingWarp: number;
  /** Swing peak relative to the planned (shank) peak. */
  readonly peakScale: number;
  /** Out-of-plane swing rotation (frontal, transverse) as fractions of the peak. */
  readonly frontal: number;
  readonly transverse: number;
  /** Heel-strike shock along the segment, m/s². */
  readonly impact: number;
  /** Distance of the sensor from the rotation centre, m (tangential and centripetal terms). */
  readonly radius: number;
}

export const LEG_SHAPES: Readonly<Record<LegKind, LegShape>> = {
  shank: {
    icDip: 0.5,
    icDelay: 0.01,
    icWidth: 0.022,
    fcDip: 0.75,
    fcLead: 0.01,
    fcWidth: 0.055,
    swingPower: 2,
    swingWarp: 1,
    peakScale: 1,
    frontal: 0.12,
    transverse: 0.08,
    impact: 18,
    radius: 0.15,
  },
  foot: {
    icDip: 0.8,
    icDelay: 0.02,
    icWidth: 0.03,
    fcDip: 1.55,
    fcLead: 0.035,
    fcWidth: 0.05,
    swingPower: 1.2,
    swingWarp: 0.85,
    peakScale: 1,
    frontal: 0.15,
    transverse: 0.1,
    impact: 30,
    radius: 0.1,
  },
};

enum Kind {
  Swing = 0,
  Dip = 1,
  Plateau = 2,
  Impact = 3,
}

/** One additive piece of the leg signal with its support [start, end]. */
interface Component {
  readonly kind: Kind;
  readonly start: number;
  readonly end: number;
  readonly amplitude: number;
  /** Swing/plateau: begin time and duration; dip: centre and SD; impact: contact time. */
  readonly a: number;
  readonly b: number;
}

/** Everything needed to render one leg's segment signals at any time. */
export interface LegTrack {
  readonly side: Side;
  readonly kind: LegKind;
  readonly components: readonly Component[];
  readonly maxSupport: number;
}

/** Plateau window: 1 inside, smoothstep ramps over the first and last 20 % of the stance. */
const RAMP = 0.2;
function plateauWindow(v: number): number {
  if (v <= 0 || v >= 1) return 0;
  const x = v < RAMP ? v / RAMP : v > 1 - RAMP ? (1 - v) / RAMP : 1;
  return x * x * (3 - 2 * x);
}

function swingLobe(u: number, shape: LegShape): number {
  if (u <= 0 || u >= 1) return 0;
  const s = Math.sin(Math.PI * (shape.swingWarp === 1 ? u : u ** shape.swingWarp));
  return shape.swingPower === 2 ? s * s : s ** shape.swingPower;
}

/** ∫₀¹ swingLobe(u) du, by the midpoint rule (computed once per shape). */
function lobeIntegral(shape: LegShape): number {
  let s = 0;
  const n = 2000;
  for (let i = 0; i < n; i++) s += swingLobe((i + 0.5) / n, shape);
  return s / n;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** ∫₀¹ of the shank swing lobe: swing angle = peak × swing time × this. */
export const SHANK_LOBE_INTEGRAL = lobeIntegral(LEG_SHAPES.shank);

export function buildLegTrack(plan: GaitPlan, side: Side, kind: LegKind): LegTrack {
  const shape = LEG_SHAPES[kind];
  const lobe = lobeIntegral(shape);
  const swings = plan.swings.filter((s) => s.side === side);
  const swingEndingAt = new Map(swings.map((s) => [s.ic, s]));
  const swingStartingAt = new Map(swings.map((s) => [s.fc, s]));
  const comps: Component[] = [];
  for (const s of swings) {
    const peak = s.peak * shape.peakScale;
    comps.push({ kind: Kind.Swing, start: s.fc, end: s.ic, amplitude: peak, a: s.fc, b: s.ic - s.fc });
  }
  for (const st of plan.stances) {
    if (st.side !== side) continue;
    const before = Number.isNaN(st.ic) ? undefined : swingEndingAt.get(st.ic);
    const after = Number.isNaN(st.fc) ? undefined : swingStartingAt.get(st.fc);
    const peak = (before ?? after)?.peak ?? 0;
    let integral = 0;
    if (before) integral += before.peak * shape.peakScale * (before.ic - before.fc) * lobe;
    if (!Number.isNaN(st.ic)) {
      const depth = shape.icDip * peak;
      const c = st.ic + shape.icDelay + st.icJitter;
      comps.push({
        kind: Kind.Dip,
        start: c - 4 * shape.icWidth,
        end: c + 4 * shape.icWidth,
        amplitude: -depth,
        a: c,
        b: shape.icWidth,
      });
      comps.push({
        kind: Kind.Impact,
        start: st.ic,
        end: st.ic + 0.15,
        amplitude: shape.impact * (peak / 5.6),
        a: st.ic,
        b: 0,
      });
      integral -= depth * shape.icWidth * SQRT_2PI;
    }
    if (!Number.isNaN(st.fc)) {
      const depth = shape.fcDip * (after?.peak ?? peak);
      const c = st.fc - shape.fcLead - st.fcJitter;
      comps.push({
        kind: Kind.Dip,
        start: c - 4 * shape.fcWidth,
        end: c + 4 * shape.fcWidth,
        amplitude: -depth,
        a: c,
        b: shape.fcWidth,
      });
      if (before) integral -= depth * shape.fcWidth * SQRT_2PI;
    }
    // Slow stance rotation balancing the cycle; only for a full stance after a swing.
    if (before && !Number.isNaN(st.fc)) {
      const duration = st.fc - st.ic;
      const level = -integral / (duration * (1 - RAMP));
      comps.push({ kind: Kind.Plateau, start: st.ic, end: st.fc, amplitude: level, a: st.ic, b: duration });
    }
  }
  comps.sort((x, y) => x.start - y.start);
  let maxSupport = 0;
  for (const c of comps) maxSupport = Math.max(maxSupport, c.end - c.start);
  return { side, kind, components: comps, maxSupport };
}

/** Output buffers of `renderLeg`, all of length n (added to, not overwritten). */
export interface LegBuffers {
  /** Sagittal angular velocity, rad/s, swing positive. */
  readonly sagittal: Float64Array;
  readonly frontal: Float64Array;
  readonly transverse: Float64Array;
  /** Heel-strike shock along the segment, m/s². */
  readonly impact: Float64Array;
}

/** First component whose support may reach `t` (components are sorted by start). */
function firstFrom(track: LegTrack, t: number): number {
  let lo = 0;
  let hi = track.components.length;
  const from = t - track.maxSupport;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (track.components[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds the leg's clean signals at times t0 + i·dt, i = 0..n−1, into `out`. */
export function renderLeg(track: LegTrack, t0: number, dt: number, n: number, out: LegBuffers): void {
  const shape = LEG_SHAPES[track.kind];
  const t1 = t0 + (n - 1) * dt;
  const comps = track.components;
  for (let k = firstFrom(track, t0); k < comps.length && comps[k].start <= t1; k++) {
    const c = comps[k];
    if (c.end < t0) continue;
    const i0 = Math.max(0, Math.ceil((c.start - t0) / dt));
    const i1 = Math.min(n - 1, Math.floor((c.end - t0) / dt));
    for (let i = i0; i <= i1; i++) {
      const t = t0 + i * dt;
      switch (c.kind) {
        case Kind.Swing: {
          const u = (t - c.a) / c.b;
          out.sagittal[i] += c.amplitude * swingLobe(u, shape);
          const s = Math.sin(2 * Math.PI * u);
          out.frontal[i] += shape.frontal * c.amplitude * s;
          out.transverse[i] += shape.transverse * c.amplitude * s * s;
          break;
        }
        case Kind.Dip: {
          const z = (t - c.a) / c.b;
          out.sagittal[i] += c.amplitude * Math.exp(-0.5 * z * z);
          break;
        }
        case Kind.Plateau:
          out.sagittal[i] += c.amplitude * plateauWindow((t - c.a) / c.b);
          break;
        case Kind.Impact: {
          // A damped 30 Hz ring down of the heel-strike shock (τ = 15 ms).
          const s = t - c.a;
          out.impact[i] += c.amplitude * Math.exp(-s / 0.015) * Math.sin(2 * Math.PI * 30 * s);
          break;
        }
      }
    }
  }
}

export function legRadius(kind: LegKind): number {
  return LEG_SHAPES[kind].radius;
}
