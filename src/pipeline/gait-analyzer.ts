import type { GaitEvent, Stride, TrunkStride } from '../gait/types.ts';
import { type Location, type Side, sideOf } from '../sensors/types.ts';
import type { GaitKit } from './gait-kit.ts';
import type { GaitResult } from './results.ts';
import { createSignalBuffer, type SignalBuffer, type SignalView } from './signal-buffer.ts';
import { createStrideJoiner } from './stride-joiner.ts';
import type { ImuChunk } from './types.ts';
import {
  createWindowedDetector,
  OFFLINE_WINDOWING,
  type WindowedDetector,
  type WindowFindings,
  type WindowingOptions,
} from './windowed-detector.ts';

export interface AnalyzerOptions {
  readonly kit: GaitKit;
  readonly windowing?: WindowingOptions;
  /** A sensor silent for this long while others stream has dropped out, seconds. */
  readonly dropoutS?: number;
}

/** What the analysis saw, for `quality` in the analysis output and the live status. */
export interface SensorUse {
  samples: number;
  /** Samples filled in over short holes and NaN runs. */
  bridged: number;
  rateHz: number;
  usedFor: Set<string>;
  firstT: number;
  lastT: number;
}

export interface AnalyzerQuality {
  readonly sensors: ReadonlyMap<Location, SensorUse>;
  readonly gaps: readonly { readonly location: Location; readonly t: number; readonly durationS: number }[];
  readonly warnings: readonly string[];
}

interface SensorState {
  readonly location: Location;
  readonly side?: Side;
  readonly buffer: SignalBuffer;
  readonly detector: WindowedDetector;
  /** Covered time spans (legs), for the waist fallback decision. */
  readonly coverage: [number, number][];
  active: boolean;
  /** End of data when it dropped out. */
  droppedAt?: number;
  /** The latest gap, until the data after it arrives. */
  openGap?: { location: Location; t: number; durationS: number };
}

const LEG_ORDER: readonly Location[] = ['left_shank', 'right_shank', 'left_foot', 'right_foot'];
/** Waist signal kept before a stride's IC for the trunk metrics (orientation needs context), s. */
const TRUNK_CONTEXT_S = 2;
/** Bounds the gap list of a long live session (quality is kept for the whole session). */
const MAX_LISTED_GAPS = 10_000;
/** Earlier waist segments kept (short BLE holes can split the waist signal every few seconds). */
const MAX_PREVIOUS_SEGMENTS = 4;

/**
 * The analysis half of the pipeline as a plain state machine: chunks in (any order across
 * sensors is tolerated, time order per sensor expected), GaitResults out. Used by the RxJS
 * operator `analyzeGait()` live and offline alike; only the windowing differs.
 */
export function createGaitAnalyzer(options: AnalyzerOptions) {
  const { kit } = options;
  const windowing = options.windowing ?? OFFLINE_WINDOWING;
  const dropoutS = options.dropoutS ?? 2;
  const sensors = new Map<Location, SensorState>();
  const quality = {
    sensors: new Map<Location, SensorUse>(),
    gaps: [] as { location: Location; t: number; durationS: number }[],
    warnings: [] as string[],
  };
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    quality.warnings.push(message);
  };
  /** Gaps listed in quality; beyond MAX_LISTED_GAPS (a day on a bad link) only counted. */
  let unlistedGaps = 0;
  const addGap = (gap: { location: Location; t: number; durationS: number }) => {
    if (quality.gaps.length < MAX_LISTED_GAPS) quality.gaps.push(gap);
    else if (++unlistedGaps === 1)
      quality.warnings.push(`more than ${MAX_LISTED_GAPS} gaps; only the first are listed`);
  };
  const joiner = createStrideJoiner();
  const asymmetry = kit.createAsymmetryTracker();
  const assessor = kit.createAssessor();
  const trunkQueue: Stride[] = [];
  /** The waist segments before its latest breaks, kept for strides released after a break. */
  const waistPrevious: SignalView[] = [];
  const legEventsRecent: GaitEvent[] = [];
  let newestT = Number.NEGATIVE_INFINITY;

  /** A side's leg sensors, the preferred one (shank before foot) first. */
  const legsFor = (side: Side): SensorState[] => {
    const legs: SensorState[] = [];
    for (const loc of LEG_ORDER) {
      const s = sensors.get(loc);
      if (s && s.side === side) legs.push(s);
    }
    return legs;
  };
  const legFor = (side: Side): SensorState | undefined => legsFor(side)[0];
  const waist = () => sensors.get('waist');

  /** Fraction of [t0, t1] one sensor had data for. */
  const coverageOf = (s: SensorState, t0: number, t1: number): number => {
    let covered = 0;
    for (const [a, b] of s.coverage) covered += Math.max(0, Math.min(b, t1) - Math.max(a, t0));
    return t1 > t0 ? covered / (t1 - t0) : 0;
  };
  /** Fraction of [t0, t1] some leg sensor of a side had data for. */
  const legCoverage = (side: Side, t0: number, t1: number): number =>
    Math.max(0, ...legsFor(side).map((leg) => coverageOf(leg, t0, t1)));

  const noteUse = (location: Location, what: string) => quality.sensors.get(location)?.usedFor.add(what);

  const detectorFor = (location: Location, side: Side | undefined): WindowedDetector => {
    if (side) {
      const segment = location.endsWith('_foot') ? 'foot' : 'shank';
      return createWindowedDetector((view) => kit.legWindow(view, side, segment), windowing);
    }
    return createWindowedDetector((view) => kit.waistWindow(view, legEventsRecent), windowing);
  };

  const stateFor = (chunk: ImuChunk): SensorState => {
    let s = sensors.get(chunk.location);
    if (!s) {
      const side = sideOf(chunk.location);
      s = {
        location: chunk.location,
        side,
        buffer: createSignalBuffer(),
        detector: detectorFor(chunk.location, side),
        coverage: [],
        active: true,
      };
      sensors.set(chunk.location, s);
      quality.sensors.set(chunk.location, {
        samples: 0,
        bridged: 0,
        rateHz: 1 / chunk.dt,
        usedFor: new Set(),
        firstT: chunk.t0,
        lastT: chunk.t0,
      });
    }
    return s;
  };

  const out: GaitResult[] = [];

  /** Routes one detector's findings: leg findings always count; waist ones only where no leg covers. */
  const route = (s: SensorState, found: WindowFindings | undefined) => {
    if (!found) return;
    let events = found.events;
    let strides = found.strides;
    if (!s.side) {
      events = events.filter((e) => legCoverage(e.side, e.t - 0.05, e.t + 0.05) < 0.5);
      strides = strides.filter((st) => legCoverage(st.side, st.ic, st.nextIc) < 0.5);
      for (const st of strides) {
        const leg = legFor(st.side);
        warnOnce(
          `fallback-${st.side}`,
          leg
            ? `${leg.location} dropped out; ${st.side} strides from t=${st.ic.toFixed(1)} s come from the waist sensor (less accurate timing, no shank ROM)`
            : `no ${st.side} leg sensor; ${st.side} strides come from the waist sensor (less accurate timing, no shank ROM)`,
        );
      }
      if (events.length > 0) noteUse(s.location, 'events');
    } else {
      // A second sensor on the same leg (a foot beside a shank) stands in only where the
      // preferred one has no data, so each stride is counted once.
      const primary = legFor(s.side);
      if (primary && primary !== s) {
        events = events.filter((e) => coverageOf(primary, e.t - 0.05, e.t + 0.05) < 0.5);
        strides = strides.filter((st) => coverageOf(primary, st.ic, st.nextIc) < 0.5);
        if (strides.length > 0) {
          warnOnce(
            `standin-${s.location}`,
            `${primary.location} dropped out; ${s.side} strides from t=${strides[0].ic.toFixed(1)} s come from ${s.location}`,
          );
        }
      }
      legEventsRecent.push(...events);
      const cutoff = newestT - 30;
      while (legEventsRecent.length > 0 && legEventsRecent[0].t < cutoff) legEventsRecent.shift();
      if (events.length > 0) noteUse(s.location, 'events');
      if (strides.length > 0) noteUse(s.location, 'strides');
    }
    for (const event of events) out.push({ kind: 'event', event });
    joiner.addEvents(events);
    joiner.addStrides(strides);
  };

  const settledFor = (side: Side): number => {
    const leg = legsFor(side).find((l) => l.active);
    if (leg) return leg.detector.settledUntil();
    const w = waist();
    if (w?.active) return w.detector.settledUntil();
    return Number.POSITIVE_INFINITY;
  };

  const finishSegment = (s: SensorState, segment: SignalView | undefined) => {
    if (!segment) return;
    const from = s.detector.neededFrom();
    const i = Math.max(0, Math.ceil((from - segment.t0) * segment.rateHz));
    route(
      s,
      s.detector.finishSegment({
        t0: segment.t0 + i / segment.rateHz,
        rateHz: segment.rateHz,
        acc: segment.acc.subarray(i * 3),
        gyr: segment.gyr.subarray(i * 3),
      }),
    );
  };

  /**
   * How far the waist may settle its findings: not past the data of any active leg sensor, or a
   * leg chunk still on its way (chunks of different sensors arrive in turn) would look like a
   * dropout and let waist events stand in for leg events that are about to arrive.
   */
  const waistHorizon = (w: SensorState): number => {
    let horizon = w.buffer.endT();
    for (const leg of sensors.values()) if (leg.side && leg.active) horizon = Math.min(horizon, leg.buffer.endT());
    return horizon;
  };

  /** Whether some side lacks a leg sensor over the waist detector's next window. */
  const needsWaistEvents = (w: SensorState): boolean => {
    const from = Math.max(w.detector.neededFrom(), w.buffer.segmentStart());
    const to = waistHorizon(w);
    return to > from && (['left', 'right'] as const).some((side) => legCoverage(side, from, to) < 0.99);
  };

  const runTrunk = (final: boolean) => {
    const w = waist();
    if (trunkQueue.length === 0) return;
    if (!w) {
      trunkQueue.length = 0;
      return;
    }
    const end = w.buffer.endT();
    const ready: Stride[] = [];
    for (let i = 0; i < trunkQueue.length; ) {
      const st = trunkQueue[i];
      if (final || st.nextIc + 0.2 <= end || !w.active) {
        ready.push(st);
        trunkQueue.splice(i, 1);
      } else i++;
    }
    const inSegment = ready.filter((st) => st.ic >= w.buffer.segmentStart());
    // Strides the legs released after the waist's signal broke off lie in an earlier segment.
    const jobs: [SignalView, Stride[]][] = waistPrevious.map((prev) => {
      const prevEnd = prev.t0 + prev.acc.length / 3 / prev.rateHz;
      return [prev, ready.filter((st) => st.ic >= prev.t0 && st.nextIc <= prevEnd)];
    });
    if (inSegment.length > 0) {
      jobs.push([w.buffer.view(Math.min(...inSegment.map((st) => st.ic)) - TRUNK_CONTEXT_S), inSegment]);
    }
    for (const [view, strides] of jobs) {
      if (strides.length === 0) continue;
      const trunk: TrunkStride[] = kit.trunk(view, strides, legEventsRecent);
      if (trunk.length > 0) noteUse('waist', 'trunk');
      for (const t of trunk) {
        assessor.pushTrunk(t);
        out.push({ kind: 'trunk', trunk: t });
      }
    }
  };

  const release = (final: boolean) => {
    const settled = final
      ? { left: Number.POSITIVE_INFINITY, right: Number.POSITIVE_INFINITY }
      : { left: settledFor('left'), right: settledFor('right') };
    const strides = joiner.release(settled);
    for (const stride of strides) {
      out.push({ kind: 'stride', stride });
      assessor.pushStride(stride);
      trunkQueue.push(stride);
    }
    runTrunk(final);
    for (const stride of strides) {
      const window = asymmetry.push(stride);
      if (!window) continue;
      out.push({ kind: 'window', window });
      const assessment = assessor.assess(window);
      if (assessment) out.push({ kind: 'assessment', assessment });
    }
  };

  const checkDropouts = () => {
    for (const s of sensors.values()) {
      const end = s.buffer.endT();
      if (s.active && end < newestT - dropoutS) {
        s.active = false;
        s.droppedAt = end;
        finishSegment(s, s.buffer.view(Number.NEGATIVE_INFINITY));
        s.buffer.clear();
        warnOnce(`dropout-${s.location}`, `${s.location} stopped sending at t=${end.toFixed(1)} s`);
      }
    }
  };

  const trim = (s: SensorState) => {
    let keep = s.detector.neededFrom();
    if (!s.side && trunkQueue.length > 0) keep = Math.min(keep, trunkQueue[0].ic - TRUNK_CONTEXT_S);
    if (!s.side) {
      keep = Math.min(keep, s.buffer.endT() - windowing.lookbackS - windowing.hopS);
      // Strides the legs have not released yet still need their waist signal for the trunk.
      for (const leg of sensors.values()) {
        if (leg.side && leg.active) keep = Math.min(keep, leg.detector.neededFrom() - TRUNK_CONTEXT_S);
      }
    }
    if (Number.isFinite(keep)) s.buffer.trimBefore(keep);
  };

  return {
    push(chunk: ImuChunk): GaitResult[] {
      const s = stateFor(chunk);
      const q = quality.sensors.get(chunk.location)!;
      const n = chunk.acc.length / 3;
      if (!s.active) {
        s.active = true;
        if (s.droppedAt !== undefined) {
          addGap({ location: s.location, t: s.droppedAt, durationS: chunk.t0 - s.droppedAt });
        }
      }
      const appended = s.buffer.append(chunk);
      q.samples += n;
      q.bridged += appended.bridgedSamples;
      q.lastT = chunk.t0 + n * chunk.dt;
      if (appended.segmentBreak) {
        s.openGap = { location: s.location, t: appended.segmentBreak.endT, durationS: appended.segmentBreak.gapS };
        addGap(s.openGap);
        const before = s.buffer.segmentBefore();
        finishSegment(s, before);
        if (!s.side && before) {
          waistPrevious.push(before);
          if (waistPrevious.length > MAX_PREVIOUS_SEGMENTS) waistPrevious.shift();
        }
      }
      if (s.openGap && s.buffer.samples() > 0) {
        // A NaN run is only known in full once good samples resume.
        s.openGap.durationS = s.buffer.segmentStart() - s.openGap.t;
        s.openGap = undefined;
      }
      const end = s.buffer.endT();
      newestT = Math.max(newestT, end);
      if (s.side) {
        const last = s.coverage.at(-1);
        const start = s.buffer.segmentStart();
        if (last && last[0] === start) last[1] = end;
        else s.coverage.push([start, end]);
        if (s.coverage.length > 64) s.coverage.shift();
      }
      if (s.side)
        route(
          s,
          s.detector.update(() => s.buffer.view(s.detector.neededFrom()), end),
        );
      else if (!needsWaistEvents(s)) s.detector.skipTo(waistHorizon(s) - windowing.settleS);
      else
        route(
          s,
          s.detector.update(() => s.buffer.view(s.detector.neededFrom()), waistHorizon(s)),
        );
      checkDropouts();
      release(false);
      trim(s);
      return out.splice(0, out.length);
    },
    /** End of input: every open segment is settled; returns the remaining results. */
    finish(): GaitResult[] {
      for (const s of sensors.values()) {
        if (!s.active) continue;
        if (!s.side && !needsWaistEvents(s)) continue;
        finishSegment(s, s.buffer.view(Number.NEGATIVE_INFINITY));
      }
      release(true);
      return out.splice(0, out.length);
    },
    quality(): AnalyzerQuality {
      return quality;
    },
  };
}

export type GaitAnalyzer = ReturnType<typeof createGaitAnalyzer>;
