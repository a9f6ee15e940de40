import { Subject, type Subscription } from 'rxjs';
import type { Assessment } from '../gait/types.ts';
import type { Location, RawNotification, SensorStatus } from '../sensors/types.ts';
import { analyzeGait } from './analyze-gait.ts';
import { createGaitAnalyzer } from './gait-analyzer.ts';
import type { GaitKit } from './gait-kit.ts';
import { createIngestStats, ingest } from './ingest.ts';
import type { GaitResult, SessionInfo } from './results.ts';
import { LIVE_WINDOWING, type WindowingOptions } from './windowed-detector.ts';

/** Anything that produces raw notifications with start()/stop(): the simulator, BLE. */
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
  readonly source: NotificationSource;
  readonly kit: GaitKit;
  readonly sinks: readonly ResultSink[];
  readonly windowing?: WindowingOptions;
  /** Emit a `sensor` result per sensor this often, seconds of wearer time. */
  readonly sensorStatusEveryS?: number;
}

export interface LivePipeline {
  readonly session: SessionInfo;
  status(): LiveStatus;
  /** Stops the source and closes every subscription; the analysis settles what it holds. */
  stop(): void;
}

/**
 * The live chain assembled in one place: source → ingest (decode, clock sync, loss, units,
 * alignment) → the same analysis operators as offline (with small hops) → sinks. Only the
 * source and the pacing differ from `analyzeRecording`.
 */
export function startLivePipeline(options: LivePipelineOptions): LivePipeline {
  const { session, source } = options;
  const locations = new Map(source.sensors.map((s) => [s.sensorId, s.location]));
  const stats = createIngestStats();
  const notifications = new Subject<RawNotification>();
  const analyzer = createGaitAnalyzer({ kit: options.kit, windowing: options.windowing ?? LIVE_WINDOWING });
  const statusEveryS = options.sensorStatusEveryS ?? 5;
  const counts = { left: 0, right: 0 };
  let cadence: number | null = null;
  let assessment: Assessment | undefined;
  let latestT = 0;
  let nextSensorStatus = 0;
  const recentStrideTimes: number[] = [];

  const sensorStatuses = (): SensorStatus[] =>
    source.sensors.map((s) => {
      const use = analyzer.quality().sensors.get(s.location);
      return {
        sensorId: s.sensorId,
        location: s.location,
        connected: use !== undefined && use.lastT >= latestT - 2,
        packetLoss: stats.loss.lossFraction(s.sensorId),
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
      latestT = Math.max(latestT, result.stride.nextIc);
    } else if (result.kind === 'window') cadence = result.window.cadence;
    else if (result.kind === 'assessment') assessment = result.assessment;
    for (const sink of options.sinks) sink(result);
  };

  const subscription: Subscription = ingest(notifications, { locations, sessionStartMs: session.startedAtMs }, stats)
    .pipe(analyzeGait(analyzer))
    .subscribe({ next: deliver });

  // Sensor status rides on the chunk stream's time, not a wall-clock timer, so an accelerated
  // or offline run reports at the same wearer times as a live one.
  const onNotification = (n: RawNotification) => {
    notifications.next(n);
    const t = (n.receivedAt - session.startedAtMs) / 1000;
    latestT = Math.max(latestT, t);
    if (t >= nextSensorStatus) {
      nextSensorStatus = t + statusEveryS;
      for (const status of sensorStatuses()) deliver({ kind: 'sensor', t, status });
    }
  };
  source.start(onNotification);
  let stopped = false;

  return {
    session,
    status(): LiveStatus {
      const packets = source.sensors.reduce((a, s) => a + stats.loss.received(s.sensorId), 0);
      const lost = source.sensors.reduce((a, s) => a + stats.loss.lost(s.sensorId), 0);
      const decodeErrors = source.sensors.reduce((a, s) => a + stats.decodeErrors.count(s.sensorId), 0);
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
    stop() {
      if (stopped) return;
      stopped = true;
      source.stop();
      // Completing the input settles the strides still open, then the subscription ends.
      notifications.complete();
      subscription.unsubscribe();
    },
  };
}
