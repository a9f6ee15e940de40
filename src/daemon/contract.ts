/**
 * What the daemon (the one composition root, `createGaitd`) offers to the parts built on it: the
 * API, the alerts, the dashboard (through the API) and the CLI commands. Types only; the daemon
 * implements them, the others depend on this file and never on a sensor implementation.
 */
import type { Observable } from 'rxjs';
import type { Alert } from '../alerts/types.ts';
import type { GaitdConfig } from '../config/schema.ts';
import type { LiveStatus } from '../pipeline/live.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import type { Location, SensorStatus } from '../sensors/types.ts';

/**
 * One item of the live stream (SSE `/api/live`). `id` increases by one per event over the life
 * of the daemon process, so `Last-Event-ID` can resume. Sessions start and end inside one run.
 */
export type LiveEvent =
  | { readonly id: number; readonly type: 'result'; readonly session: SessionInfo; readonly result: GaitResult }
  | { readonly id: number; readonly type: 'session-start'; readonly session: SessionInfo }
  | { readonly id: number; readonly type: 'session-end'; readonly session: SessionInfo }
  | { readonly id: number; readonly type: 'status'; readonly status: DaemonStatus };

/** The pipeline's live counters (t is wearer time of the newest sample, s from the session's start;
 * the assessment is undefined while the baseline is being learned) plus the daemon's own state. */
export interface DaemonStatus extends LiveStatus {
  /** Wall-clock ms when this status was taken. */
  readonly atMs: number;
  readonly state: 'starting' | 'running' | 'stopping' | 'stopped';
  readonly session?: SessionInfo;
  readonly baseline: 'learning' | 'ready';
}

export interface DaemonHealth {
  /** ok: everything works; degraded: results are produced but something needs attention (a
   * sensor silent, InfluxDB unreachable, the disk full or at the cap); down: no results. */
  readonly status: 'ok' | 'degraded' | 'down';
  readonly problems: readonly string[];
  readonly sensors: readonly SensorStatus[];
  readonly pipeline: { readonly running: boolean; readonly lastResultAtMs: number | null };
  readonly storage: {
    readonly journal: boolean;
    /** Points queued for InfluxDB (0 without InfluxDB). */
    readonly outboxBacklog: number;
    readonly influx: 'off' | 'ok' | 'failing';
    readonly disk: 'ok' | 'warn' | 'full' | 'cap';
    /** Results refused since start (disk full or at the cap). */
    readonly refusedResults: number;
  };
}

/** A command the alerts (or the API) send to a sensor through the daemon, never directly. */
export type SensorCommand =
  | { readonly kind: 'haptic'; readonly pattern: 'short' | 'long' | 'double'; readonly durationMs: number }
  | { readonly kind: 'identify' };

export interface SensorControl {
  /** Sends a command to the sensor at a location; resolves false (with a reason) if it cannot. */
  send(location: Location, command: SensorCommand): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** The running service. Long-lived: `start()` and `stop()`; the constructor only stores config. */
export interface Gaitd {
  readonly config: GaitdConfig;
  start(): Promise<void>;
  /** Stops the source, settles the analysis, commits and drains the journal (bounded), closes. */
  stop(): Promise<void>;
  /** Hot stream of live events; late subscribers see only new events (use `liveSince` to resume). */
  readonly live: Observable<LiveEvent>;
  /**
   * Events kept in the bounded resume buffer with id > lastId, oldest first; undefined when the
   * buffer no longer reaches back to lastId (the client should reload instead of resuming).
   */
  liveSince(lastId: number): readonly LiveEvent[] | undefined;
  status(): DaemonStatus;
  health(): DaemonHealth;
  /** Prometheus text exposition, metric names prefixed `gaitd_`. */
  metrics(): string;
  /** Commands to sensors go through here (haptic buzz of an alert, identify). */
  readonly sensorControl: SensorControl;
  /** Stored and live alerts (implemented in src/alerts). */
  readonly alerts: AlertsPort;
  /** The wearer's baseline for the compensation assessment. */
  readonly baseline: BaselinePort;
  /** Absolute path of the journal file the API may open read-only; undefined with storage off. */
  readonly journalPath: string | undefined;
}

export interface AlertFilter {
  readonly wearer?: string;
  /** Unix ms bounds on the alert time. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly state?: 'open' | 'acknowledged' | 'all';
  readonly limit?: number;
}

export interface StoredAlert extends Alert {
  readonly wearer: string;
  readonly session: string;
  /** Unix ms of the alert (session start + t). */
  readonly atMs: number;
}

export interface AlertsPort {
  list(filter: AlertFilter): readonly StoredAlert[];
  /** undefined: no alert with that id. Acknowledging twice is not an error. */
  acknowledge(id: string): StoredAlert | undefined;
}

export interface BaselinePort {
  /** 'ready' once a baseline is in use (learned or uploaded). */
  state(): 'learning' | 'ready';
  /** Forget the baseline in use and learn a new one from the strides that follow. */
  relearn(): void;
  /** Use an uploaded baseline (the JSON `gaitd baseline` writes); a clear error when it is invalid. */
  upload(json: unknown): { ok: true } | { ok: false; error: string };
}

export type { Alert };
