import { Observable, type OperatorFunction } from 'rxjs';
import { RATES_HZ, TICK_HZ } from '../protocol/packet.ts';
import type { DecodedPacket } from './decode-notifications.ts';

/** A decoded packet placed on the wearer timeline. */
export interface TimedPacket extends DecodedPacket {
  /** Sensor tick of the first sample, unwrapped (keeps counting past 2³²). */
  readonly tickIndex: number;
  /** Wearer-timeline time of the first sample, seconds. */
  readonly t0: number;
  /** Sample interval on the wearer timeline, seconds (nominal interval corrected for drift). */
  readonly dt: number;
  /** Estimated sensor clock drift against the host, ppm (positive: sensor clock slow). */
  readonly driftPpm: number;
}

/** Bins whose minima set the offset (the newest ones). */
const OFFSET_BINS = 3;
/** A bin minimum this far above the fitted floor is an outlier for the slope, seconds. */
const OUTLIER_S = 0.002;

export interface ClockSyncOptions {
  /** Length of the sliding window the fit uses, seconds of sensor time. */
  readonly windowS?: number;
  /** The window is cut in bins of this length; each keeps its minimum-delay point, seconds. */
  readonly binS?: number;
}

export interface ClockSync {
  /** Adds one observation: a sensor time and the host time it was seen at (both seconds). */
  update(sensorS: number, hostS: number): void;
  /** Host seconds for a sensor time, from the current fit. */
  toHost(sensorS: number): number;
  /** Current relative rate error host vs sensor, ppm. */
  driftPpm(): number;
}

/**
 * Online offset + drift estimate robust to BLE arrival jitter. A notification can arrive late
 * (queued for a later connection event, retransmitted) but never early, so the true clock
 * relation is the LOWER envelope of (host − sensor) over time. We keep the minimum-delay point
 * of each bin of a sliding window and fit a line through those minima (minimum-delay
 * estimation, as in NTP's clock filter and Paxson's skew estimation), so jitter of tens of ms
 * shifts the estimate by about the connection interval at most.
 */
export function createClockSync(options: ClockSyncOptions = {}): ClockSync {
  const windowS = options.windowS ?? 600;
  const binS = options.binS ?? 5;
  const bins = Math.max(2, Math.round(windowS / binS));
  const minSlopeSpanS = Math.min(30, windowS / 2);
  // slot index → min-delay point in that slot; kept in slot order.
  const slots: { slot: number; x: number; y: number }[] = [];
  let a = 0; // intercept of y = host − sensor at x = xRef
  let b = 0; // slope: drift (dimensionless)
  let xRef = 0;

  /** Least-squares line through points; slope undefined when they do not spread in x. */
  function leastSquares(points: readonly { x: number; y: number }[]): { mx: number; my: number; slope?: number } {
    let mx = 0;
    let my = 0;
    for (const p of points) {
      mx += p.x;
      my += p.y;
    }
    mx /= points.length;
    my /= points.length;
    let sxx = 0;
    let sxy = 0;
    for (const p of points) {
      sxx += (p.x - mx) * (p.x - mx);
      sxy += (p.x - mx) * (p.y - my);
    }
    return sxx > 0 ? { mx, my, slope: sxy / sxx } : { mx, my };
  }

  /** Slope from the complete bins; changes only when a bin completes. */
  function refitSlope(): void {
    // The newest bin is still filling: its minimum so far can be far above the floor (a bin that
    // has seen three packets), so only complete bins shape the slope.
    const complete = slots.slice(0, -1);
    const span = complete.length > 1 ? complete[complete.length - 1].x - complete[0].x : 0;
    if (span >= minSlopeSpanS) {
      // Bins hit by a loss burst, or whose packets all missed the best connection-event phase,
      // have minima above the floor; a second fit leaves out bins more than OUTLIER_S above the
      // lowest residual of the first.
      const first = leastSquares(complete);
      const slope0 = first.slope ?? b;
      const residual = (p: { x: number; y: number }) => p.y - (first.my + slope0 * (p.x - first.mx));
      let floor = Number.POSITIVE_INFINITY;
      for (const p of complete) floor = Math.min(floor, residual(p));
      const lower = complete.filter((p) => residual(p) <= floor + OUTLIER_S);
      b = (lower.length >= 2 ? leastSquares(lower).slope : undefined) ?? slope0;
    }
  }

  function refitOffset(): void {
    // The offset comes from the newest bins only, so a slope still being learned (or an error in
    // it) is extrapolated over seconds, not over the whole window.
    const last = slots[slots.length - 1];
    xRef = last.x;
    let minResidual = Number.POSITIVE_INFINITY;
    for (let i = Math.max(0, slots.length - OFFSET_BINS); i < slots.length; i++) {
      minResidual = Math.min(minResidual, slots[i].y - b * (slots[i].x - xRef));
    }
    a = minResidual;
  }

  return {
    update(sensorS, hostS) {
      const y = hostS - sensorS;
      const slot = Math.floor(sensorS / binS);
      const last = slots[slots.length - 1];
      if (last && last.slot === slot) {
        if (y < last.y) {
          last.x = sensorS;
          last.y = y;
        } else return;
      } else if (!last || slot > last.slot) {
        slots.push({ slot, x: sensorS, y });
        while (slots.length > 0 && slots[0].slot <= slot - bins) slots.shift();
        refitSlope();
      } else return; // older than the newest bin: a reordered packet adds nothing
      refitOffset();
    },
    toHost(sensorS) {
      return sensorS + a + b * (sensorS - xRef);
    },
    driftPpm() {
      return b * 1e6;
    },
  };
}

const TICK_SPAN = 2 ** 32;

export interface SyncClockOptions extends ClockSyncOptions {
  /**
   * A sensor's first packets are held until its fit has seen this span of its clock, seconds of
   * sensor time; then they are all placed with that fit (default SETTLE_S).
   */
  readonly settleS?: number;
}

/**
 * Default hold of a sensor's first packets, seconds. One packet's arrival carries its own BLE
 * delay (a queue behind a retry, a connection event missed: 13–101 ms on the walker), and the
 * signal buffer anchors a sensor on its first chunk's t0, so a one-point fit misplaces the sensor
 * for as long as that anchor holds. After 1 s (20 packets, ~60 connection events at 15 ms) the
 * lower envelope is within a few ms of where it settles (docs/decisions.md "Pipeline").
 */
export const SETTLE_S = 1;

interface SensorClock {
  lastRaw: number;
  index: number;
  readonly sync: ClockSync;
  /** Sensor time the first packet's last sample was taken at, s. */
  readonly firstS: number;
  /** Host time the first packet arrived at, s. */
  readonly firstHostS: number;
  /** Packets waiting for the fit to settle, with their unwrapped tick; undefined once released. */
  held?: { readonly p: DecodedPacket; readonly tickIndex: number; readonly order: number }[];
}

/**
 * Device ticks → wearer timeline, per sensor: unwraps the u32 tick (it wraps every 36 h at
 * 32 768 Hz), fits the sensor clock to the host clock with createClockSync, and places the
 * first sample at host time − session start. A sensor's first `settleS` seconds are held and
 * placed together once its fit has that many arrivals behind it; later packets pass at once.
 */
export function syncClock(
  sessionStartMs: number,
  options: SyncClockOptions = {},
): OperatorFunction<DecodedPacket, TimedPacket> {
  const settleS = options.settleS ?? SETTLE_S;
  return (source: Observable<DecodedPacket>) =>
    new Observable<TimedPacket>((subscriber) => {
      const state = new Map<string, SensorClock>();
      let arrivals = 0;
      const place = (p: DecodedPacket, tickIndex: number, sync: ClockSync): TimedPacket => {
        const driftPpm = sync.driftPpm();
        return {
          ...p,
          tickIndex,
          t0: sync.toHost(tickIndex / TICK_HZ) - sessionStartMs / 1000,
          dt: (1 + driftPpm * 1e-6) / RATES_HZ[p.packet.rateCode],
          driftPpm,
        };
      };
      const release = (s: SensorClock) => {
        for (const h of s.held ?? []) subscriber.next(place(h.p, h.tickIndex, s.sync));
        s.held = undefined;
      };
      return source.subscribe({
        next(p) {
          const { tick, rateCode, samples } = p.packet;
          const lastS = (index: number) => index / TICK_HZ + (samples.length / 6 - 1) / RATES_HZ[rateCode];
          let s = state.get(p.sensorId);
          if (!s) {
            s = {
              lastRaw: tick,
              index: tick,
              sync: createClockSync(options),
              firstS: lastS(tick),
              firstHostS: p.receivedAt / 1000,
              held: [],
            };
            state.set(p.sensorId, s);
          } else {
            const forward = (tick - s.lastRaw + TICK_SPAN) % TICK_SPAN;
            // Less than half the tick range forward is progress (possibly across the wrap);
            // otherwise the packet is older than the last one (reordered), so step back.
            s.index += forward < TICK_SPAN / 2 ? forward : forward - TICK_SPAN;
            s.lastRaw = tick;
          }
          // The notification can only leave after its last sample was taken.
          const sentS = lastS(s.index);
          s.sync.update(sentS, p.receivedAt / 1000);
          if (!s.held) {
            subscriber.next(place(p, s.index, s.sync));
            return;
          }
          s.held.push({ p, tickIndex: s.index, order: arrivals++ });
          // Twice the span in host time also ends the hold: a sensor whose tick does not advance
          // (a firmware fault) is placed with what its fit has, not held, growing, forever.
          if (sentS - s.firstS >= settleS || p.receivedAt / 1000 - s.firstHostS >= 2 * settleS) release(s);
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          // The input ended while sensors were still settling: place what they hold with the fit
          // they have, in arrival order.
          const rest = [...state.values()]
            .flatMap((s) => (s.held ?? []).map((h) => ({ ...h, s })))
            .sort((x, y) => x.order - y.order);
          for (const h of rest) subscriber.next(place(h.p, h.tickIndex, h.s.sync));
          subscriber.complete();
        },
      });
    });
}
