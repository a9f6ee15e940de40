import { merge, Subject, type Subscription, tap } from 'rxjs';
import type { Assessment } from '../gait/types.ts';
import type { ConnectionEvent, SourceOutput } from '../sensors/source.ts';
import type { Location, RawNotification, SensorStatus } from '../sensors/types.ts';
import { analyzeGait } from './analyze-gait.ts';
import { createGaitAnalyzer } from './gait-analyzer.ts';
import type { GaitKit } from './gait-kit.ts';
import { createIngestStats, ingest } from './ingest.ts';
import type { GaitResult, SessionInfo } from './results.ts';
import type { ImuChunk } from './types.ts';
import { LIVE_WINDOWING, type WindowingOptions } from './windowed-detector.ts';

/** Anything that produces raw notifications with start()/stop() and pushes them itself (tests, benchmarks). */
export interface NotificationSource {
  readonly sensors: readonly { readonly sensorId: string; readonly location: Location }[];
  start(onNotification: (notification: RawNotification) => void): void;
  stop(): void;
}

/** A consumer of the result stream (journal, API, alerts, the status line). */
export type ResultSink = (result: GaitResult) => void;

export interface LiveStatus {
  readonly t: number;
  readonly packets: number;
  readonly lost: number;
  /** Fraction 0..1 of packets lost, all sensors. */
  readonly loss: number;
  readonly decodeErrors: number;
  readonly strides: { readonly left: number; readonly right: number };
  /** Steps per minute of the latest asymmetry window, or from the latest strides. */
  readonly cadence: number | null;
  readonly assessment?: Assessment;
  readonly sensors: readonly SensorStatus[];
}

export interface LivePipelineOptions {
  readonly session: SessionInfo;
  /**
   * Either a source the pipeline starts and stops itself, or only the sensors (sensorId → where
   * worn) when the caller feeds the pipeline through its SourceOutput methods (the daemon).
   */
  readonly source?: NotificationSource;
  readonly sensors?: readonly { readonly sensorId: string; readonly location: Location }[];
  readonly kit: GaitKit;
  readonly sinks: readonly ResultSink[];
  readonly windowing?: WindowingOptions;
  /** Emit a `sensor` result per sensor this often, seconds of wearer time. */
  readonly sensorStatusEveryS?: number;
  /** Sees every chunk the analysis gets (after ingest), e.g. to keep raw data. */
  readonly onChunk?: (chunk: ImuChunk) => void;
}

/** What a sensor source feeds in (src/sensors/source.ts), except `ended`, which the owner handles. */
export type LiveInput = Omit<SourceOutput, 'ended'>;

export interface LivePipeline extends LiveInput {
  readonly session: SessionInfo;
  status(): LiveStatus;
  /**
   * Wearer seconds from each stride's next IC (the moment it could first be known) to the newest
   * input the pipeline had when it reported the stride; independent of replay or walker speed.
   */
  strideDelaysS(): readonly number[];
  /** Stops the source (if it owns one) and closes every subscription; the analysis settles what it holds. */
  stop(): void;
}

/** How many recent stride delays status keeps for the latency metric. */
const MAX_DELAYS = 512;

/**
 * The live chain assembled in one place: raw notifications → ingest (decode, clock sync, loss,
 * units, alignment) → the same analysis operators as offline (with small hops) → sinks. Replay
 * feeds post-ingest chunks instead (recordings are SI floats already). Only the source and the
 * pacing differ from `analyzeRecording`.
 */
export function startLivePipeline(options: LivePipelineOptions): LivePipeline {
  const { session, source } = options;
  const sensors = source?.sensors ?? options.sensors ?? [];
  const locations = new Map(sensors.map((s) => [s.sensorId, s.location]));
  const stats = createIngestStats();
  const notifications = new Subject<RawNotification>();
  const chunks = new Subject<ImuChunk>();
  const analyzer = createGaitAnalyzer({ kit: options.kit, windowing: options.windowing ?? LIVE_WINDOWING });
  const statusEveryS = options.sensorStatusEveryS ?? 5;
  const counts = { left: 0, right: 0 };
  const links = new Map<string, ConnectionEvent>();
  const facts = new Map<string, { battery?: number; rssiDbm?: number }>();
  const delays: number[] = [];
  let cadence: number | null = null;
  let assessment: Assessment | undefined;
  let latestT = 0;
  let nextSensorStatus = 0;
  const recentStrideTimes: number[] = [];

  const sensorStatuses = (): SensorStatus[] =>
    sensors.map((s) => {
      const use = analyzer.quality().sensors.get(s.location);
      const link = links.get(s.sensorId);
      const fact = facts.get(s.sensorId);
      return {
        sensorId: s.sensorId,
        location: s.location,
        connected: (link?.connected ?? true) && use !== undefined && use.lastT >= latestT - 2,
        packetLoss: stats.loss.lossFraction(s.sensorId),
        ...(fact?.battery !== undefined ? { battery: fact.battery } : {}),
        ...(fact?.rssiDbm !== undefined ? { rssiDbm: fact.rssiDbm } : {}),
        ...(stats.driftPpm.has(s.sensorId) ? { driftPpm: stats.driftPpm.get(s.sensorId) } : {}),
      };
    });

  const deliver = (result: GaitResult) => {
    if (result.kind === 'stride') {
      counts[result.stride.side]++;
      recentStrideTimes.push(result.stride.strideTime);
      if (recentStrideTimes.length > 10) recentStrideTimes.shift();
      if (cadence === null || recentStrideTimes.length >= 4) {
        const mean = recentStrideTimes.reduce((a, b) => a + b, 0) / recentStrideTimes.length;
        cadence = 120 / mean;
      }
      delays.push(latestT - result.stride.nextIc);
      if (delays.length > MAX_DELAYS) delays.shift();
      latestT = Math.max(latestT, result.stride.nextIc);
    } else if (result.kind === 'window') cadence = result.window.cadence;
    else if (result.kind === 'assessment') assessment = result.assessment;
    for (const sink of options.sinks) sink(result);
  };

  const subscription: Subscription = merge(
    ingest(notifications, { locations, sessionStartMs: session.startedAtMs }, stats),
    chunks,
  )
    .pipe(
      tap((c) => options.onChunk?.(c)),
      analyzeGait(analyzer),
    )
    .subscribe({ next: deliver });

  // Sensor status rides on the input's time, not a wall-clock timer, so an accelerated or
  // offline run reports at the same wearer times as a live one.
  const advance = (t: number) => {
    latestT = Math.max(latestT, t);
    if (t >= nextSensorStatus) {
      nextSensorStatus = t + statusEveryS;
      for (const status of sensorStatuses()) deliver({ kind: 'sensor', t, status });
    }
  };
  let stopped = false;
  const input: LiveInput = {
    notification(n) {
      if (stopped) return;
      const t = (n.receivedAt - session.startedAtMs) / 1000;
      latestT = Math.max(latestT, t);
      notifications.next(n);
      advance(t);
    },
    chunk(c) {
      if (stopped) return;
      const t = c.t0 + (c.acc.length / 3) * c.dt;
      latestT = Math.max(latestT, t);
      chunks.next(c);
      advance(t);
    },
    connection(e) {
      links.set(e.sensorId, e);
    },
    sensorInfo(info) {
      const known = facts.get(info.sensorId) ?? {};
      if (info.battery !== undefined) known.battery = info.battery;
      if (info.rssiDbm !== undefined) known.rssiDbm = info.rssiDbm;
      facts.set(info.sensorId, known);
    },
  };
  source?.start(input.notification);

  return {
    ...input,
    session,
    status(): LiveStatus {
      const packets = sensors.reduce((a, s) => a + stats.loss.received(s.sensorId), 0);
      const lost = sensors.reduce((a, s) => a + stats.loss.lost(s.sensorId), 0);
      const decodeErrors = sensors.reduce((a, s) => a + stats.decodeErrors.count(s.sensorId), 0);
      return {
        t: latestT,
        packets,
        lost,
        loss: stats.loss.lossFraction(),
        decodeErrors,
        strides: { ...counts },
        cadence,
        ...(assessment ? { assessment } : {}),
        sensors: sensorStatuses(),
      };
    },
    strideDelaysS: () => delays,
    stop() {
      if (stopped) return;
      stopped = true;
      source?.stop();
      // Completing the input settles the strides still open, then the subscription ends.
      notifications.complete();
      chunks.complete();
      subscription.unsubscribe();
    },
  };
}
