/**
 * The one composition root (DESIGN.md "daemon/"): config → source → live pipeline → one result
 * stream → journal writer, alerting, live events (API/SSE), status line; the API on top. `gaitd run`
 * and `gaitd replay` are thin commands over it.
 */
import { basename } from 'node:path';
import type { Logger } from 'pino';
import { type Alerting, createAlerting } from '../alerts/index.ts';
import type { ApiServer } from '../api/index.ts';
import type { GaitdConfig } from '../config/schema.ts';
import { UserError } from '../domain/errors.ts';
import type { Baseline } from '../gait/compensation/index.ts';
import { createLogger } from '../log/logger.ts';
import { type LivePipeline, type LiveStatus, startLivePipeline } from '../pipeline/live.ts';
import type { GaitResult, SessionInfo } from '../pipeline/results.ts';
import { type CreatedSource, createSource, type SourceRequest } from '../sensors/factory.ts';
import type { SensorSource, SourceOutput } from '../sensors/source.ts';
import type { OutboxWriterStatus } from '../storage/outbox-writer.ts';
import { openStorage, type Storage } from '../storage/storage.ts';
import { startApiFor } from './api-link.ts';
import { createBaselineControl } from './baseline.ts';
import type { DaemonHealth, DaemonStatus, Gaitd, LiveEvent, SensorControl } from './contract.ts';
import { createJournalWriter, type JournalWriter, type JournalWriterStats } from './journal-writer.ts';
import { createLiveEvents } from './live-events.ts';
import { daemonMetrics } from './metrics.ts';

export interface GaitdOptions {
  /** Default: createLogger(config.logLevel) (stderr). */
  readonly log?: Logger;
  /** Write the journal (default true). */
  readonly storage?: boolean;
  /** Serve the HTTP API on config.api.host:port (default true). */
  readonly api?: boolean;
  /** The built dashboard the API serves at `/`. */
  readonly webRoot?: string;
  /** Simulated (or replayed) seconds per wall-clock second; replay also takes 'max'. Default 1. */
  readonly speed?: number | 'max';
  /** sim: total walking time, s, as consecutive walks (default 8 h). */
  readonly durationS?: number;
  /** sim: length of one walk (one session), s (default 600). */
  readonly walkS?: number;
  /** The wearer's baseline at start (otherwise learned from the first strides). */
  readonly baseline?: Baseline;
  /** Session id / wearer of a replay (default replay-<dir>-<time> and the recording's wearer). */
  readonly session?: { readonly id?: string; readonly wearer?: string };
  /** Wall-clock seconds between status events (and onStatus calls); default 5. */
  readonly statusEveryS?: number;
  readonly onStatus?: (status: DaemonStatus) => void;
  /** Called once per session after it ended, settled and was committed. */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
  /** Live events kept for `liveSince` (default 10 000). */
  readonly liveBufferSize?: number;
  /** How long stop() waits for InfluxDB to take the queued points, ms (default 5000). */
  readonly drainTimeoutMs?: number;
  /** End the running session when the journal stops taking results (replay: stop promptly). */
  readonly stopOnJournalFailure?: boolean;
  /** Source factory (tests inject sources); default src/sensors/factory.ts. */
  readonly createSource?: (config: GaitdConfig, log: Logger, request: SourceRequest) => Promise<CreatedSource>;
}

export interface SessionSummary {
  readonly session: SessionInfo;
  readonly results: number;
  readonly strides: number;
  readonly status: LiveStatus;
}

export interface StopReport {
  /** false when InfluxDB did not take every queued point within the drain timeout. */
  readonly drained: boolean;
  readonly outbox: OutboxWriterStatus | null;
  readonly journal: JournalWriterStats | undefined;
  readonly journalPath: string | undefined;
}

export interface GaitdService extends Gaitd {
  /** stop() with what it did: whether the outbox drained, what the journal writer stored and refused. */
  shutdown(): Promise<StopReport>;
  /** Resolves when the source ran to its end (replay done, sim duration reached) or stop() ended it. */
  readonly finished: Promise<void>;
  sessions(): readonly SessionSummary[];
  /** Where the API listens, once started. */
  apiUrl(): string | undefined;
  journalWriter(): JournalWriterStats | undefined;
  /** The source of the running (or last) session: tests read the walker's recorded commands. */
  source(): SensorSource | undefined;
}

const DEFAULT_SIM_DURATION_S = 8 * 3600;
const DEFAULT_WALK_S = 600;

interface Running {
  readonly session: SessionInfo;
  readonly pipeline: LivePipeline;
  readonly source: SensorSource;
  results: number;
  strides: number;
}

const noStatus = (sensors: LiveStatus['sensors'] = []): LiveStatus => ({
  t: 0,
  packets: 0,
  lost: 0,
  loss: 0,
  decodeErrors: 0,
  strides: { left: 0, right: 0 },
  cadence: null,
  sensors,
});

export function createGaitd(config: GaitdConfig, options: GaitdOptions = {}): GaitdService {
  const log = options.log ?? createLogger(config.logLevel);
  const makeSource = options.createSource ?? createSource;
  const live = createLiveEvents(options.liveBufferSize ?? 10_000);
  const baseline = createBaselineControl(options.baseline);
  const drainTimeoutMs = options.drainTimeoutMs ?? 5000;
  const statusEveryS = options.statusEveryS ?? 5;

  let state: DaemonStatus['state'] = 'stopped';
  let storage: Storage | undefined;
  let journalFile: string | undefined;
  let writer: JournalWriter | undefined;
  let alerting: Alerting | undefined;
  let api: ApiServer | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  let current: Running | undefined;
  let last: Running | undefined;
  let lastResultAtMs: number | null = null;
  let stopRequested = false;
  let wake: () => void = () => {};
  let loop: Promise<void> | undefined;
  let stopping: Promise<StopReport> | undefined;
  let resolveFinished: () => void = () => {};
  let rejectFinished: (err: unknown) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  // The CLI awaits `finished`; an unobserved rejection must not end the process by itself.
  finished.catch(() => {});
  const summaries: SessionSummary[] = [];
  const totals = { packets: 0, lost: 0, decodeErrors: 0, sessions: 0, results: {} as Record<string, number> };

  /** The one result stream: every result (and every alert) of every session goes through here. */
  const emit = (session: SessionInfo, result: GaitResult) => {
    lastResultAtMs = Date.now();
    totals.results[result.kind] = (totals.results[result.kind] ?? 0) + 1;
    if (current && current.session.id === session.id) {
      current.results++;
      if (result.kind === 'stride') current.strides++;
    }
    writer?.push(session, result);
    if (result.kind !== 'alert') {
      try {
        alerting?.onResult(session, result);
      } catch (err) {
        // An alert rule's bug must not stop the analysis or the journal.
        log.error({ err }, 'alerting failed on a result');
      }
    }
    live.publish({ type: 'result', session, result });
  };

  const sensorControl: SensorControl = {
    async send(location, command) {
      const source = current?.source;
      if (!source) return { ok: false, error: 'no sensor source is running' };
      return source.control.send(location, command);
    },
  };

  const sessionId = (kind: SensorSource['kind'], label: string, startMs: number) => {
    const iso = new Date(startMs).toISOString();
    if (kind === 'replay') return options.session?.id ?? `replay-${basename(label)}-${iso}`;
    return `${kind === 'sim' ? 'run' : 'ble'}-${iso}`;
  };

  async function runSession(created: Extract<CreatedSource, { ok: true }>, onStarted: () => void): Promise<void> {
    const { source } = created;
    const nowMs = Date.now();
    const session: SessionInfo = {
      id: sessionId(source.kind, created.session.label, nowMs),
      wearer: options.session?.wearer ?? created.session.wearer ?? config.wearer,
      startedAtMs: created.session.startedAtMs ?? nowMs,
      source: source.kind,
      label: created.session.label,
    };
    // A reused id would merge two walks (two wearers, even) into one session: refused (issue 12 item 6).
    const claimed = storage?.journal.claimSession(session);
    if (claimed && !claimed.ok) throw new UserError(claimed.error);
    let ending = false;
    let ended: () => void = () => {};
    const endedOrStopped = new Promise<void>((resolve) => {
      ended = () => {
        ending = true;
        resolve();
      };
    });
    wake = ended;
    const pipeline = startLivePipeline({
      session,
      sensors: source.sensors,
      kit: baseline.kit(session.wearer),
      sinks: [(r) => emit(session, r)],
      onChunk: config.journal.keepRaw ? (c) => writer?.raw(session, c) : undefined,
    });
    const running: Running = { session, pipeline, source, results: 0, strides: 0 };
    current = running;
    totals.sessions++;
    live.publish({ type: 'session-start', session });
    const out: SourceOutput = {
      notification: pipeline.notification,
      chunk: pipeline.chunk,
      connection(e) {
        // Sensors going away because the session ends are not news (nor a problem for its status).
        if (ending) return;
        pipeline.connection(e);
        if (!e.connected && !stopRequested)
          log.warn({ sensor: e.sensorId, location: e.location, reason: e.reason }, 'sensor disconnected');
      },
      sensorInfo: pipeline.sensorInfo,
      ended: () => ended(),
    };
    try {
      await source.start(out);
    } catch (err) {
      pipeline.stop();
      current = undefined;
      throw new UserError(`source "${source.kind}": ${(err as Error).message}`);
    }
    log.info({ session: session.id, source: source.kind, label: session.label }, 'session started');
    onStarted();
    if (stopRequested) ended();
    await endedOrStopped;
    await source.stop();
    // Completing the input settles the strides still open; their results go through `emit`.
    pipeline.stop();
    // Not forced: while the journal refuses, the retry backoff holds (stop() makes the last try).
    writer?.flush();
    const status = pipeline.status();
    totals.packets += status.packets;
    totals.lost += status.lost;
    totals.decodeErrors += status.decodeErrors;
    const summary: SessionSummary = { session, results: running.results, strides: running.strides, status };
    summaries.push(summary);
    last = running;
    current = undefined;
    live.publish({ type: 'session-end', session });
    options.onSessionEnd?.(summary);
    log.info({ session: session.id, results: running.results, strides: running.strides }, 'session ended');
  }

  /** Sessions one after the other: a replay or a BLE run is one; the walker walks in walks of walkS. */
  async function runSessions(onStarted: () => void): Promise<void> {
    const walkS = options.walkS ?? DEFAULT_WALK_S;
    let remainingS = options.durationS ?? DEFAULT_SIM_DURATION_S;
    for (let index = 0; !stopRequested; index++) {
      const isSim = config.source.kind === 'sim';
      const thisWalkS = Math.min(remainingS, walkS);
      const created = await makeSource(config, log, {
        speed: options.speed,
        ...(isSim ? { durationS: thisWalkS, seed: config.source.seed + index } : {}),
      });
      if (!created.ok) throw new UserError(created.error);
      await runSession(created, onStarted);
      // Only the walker walks again; a recording or real sensors make one session.
      if (created.source.kind !== 'sim') return;
      remainingS -= thisWalkS;
      if (remainingS <= 0) return;
    }
  }

  const publishStatus = () => {
    const s = gaitd.status();
    options.onStatus?.(s);
    live.publish({ type: 'status', status: s });
  };

  async function teardown(): Promise<StopReport> {
    stopRequested = true;
    wake();
    if (loop) {
      try {
        await loop;
      } catch {
        // Already reported through `finished` and the log.
      }
    }
    clearInterval(statusTimer);
    statusTimer = undefined;
    await closeQuietly('API', async () => {
      await api?.close();
      api = undefined;
    });
    await closeQuietly('alerting', async () => {
      await alerting?.stop();
    });
    writer?.stop();
    let drained = true;
    let outbox: OutboxWriterStatus | null = null;
    if (storage?.writer) {
      drained = await storage.writer.drained(drainTimeoutMs);
      outbox = storage.writer.status();
      if (drained) log.info({ delivered: outbox.delivered }, 'outbox drained: every point is in InfluxDB');
      else {
        log.warn(
          { queued: outbox.backlog, lastError: outbox.lastError?.message },
          `outbox: ${outbox.backlog} point(s) still queued for ${outbox.target} after ${drainTimeoutMs} ms; they are safe in the journal and sent at the next start`,
        );
      }
    }
    const report: StopReport = {
      drained,
      outbox,
      journal: writer?.stats(),
      journalPath: storage?.journal.path,
    };
    await closeQuietly('storage', async () => {
      const closing = storage;
      // Health and metrics must not read a closed journal.
      storage = undefined;
      await closing?.stop();
    });
    state = 'stopped';
    live.publish({ type: 'status', status: gaitd.status() });
    live.complete();
    return report;
  }

  async function closeQuietly(what: string, close: () => Promise<void>): Promise<void> {
    try {
      await close();
    } catch (err) {
      log.error({ err }, `${what}: error while stopping`);
    }
  }

  const sensorsNow = () => (current ?? last)?.pipeline.status().sensors ?? [];

  const gaitd: GaitdService = {
    config,
    live: live.stream,
    liveSince: (lastId: number): readonly LiveEvent[] | undefined => live.since(lastId),
    sensorControl,
    get alerts() {
      if (!alerting) return { list: () => [], acknowledge: () => undefined };
      return alerting.port;
    },
    baseline: baseline.port,
    get journalPath() {
      return journalFile;
    },
    finished,

    async start() {
      if (state !== 'stopped' || stopping) throw new Error('gaitd: start() called twice');
      state = 'starting';
      try {
        if (options.storage !== false) {
          const opened = await openStorage(config, log);
          if (!opened.ok) throw new UserError(opened.error, opened.exitCode ?? 3);
          storage = opened.storage;
          journalFile = storage.journal.path;
          storage.start();
          writer = createJournalWriter({
            storage,
            log,
            keepRaw: config.journal.keepRaw,
            onState: (s) => {
              if (s !== 'ok' && options.stopOnJournalFailure) {
                stopRequested = true;
                wake();
              }
            },
          });
          writer.start();
        }
        alerting = createAlerting({
          config,
          db: storage?.journal.db,
          sensorControl,
          log,
          publish: (session, alert) => emit(session, { kind: 'alert', alert }),
        });
        await alerting.start();
        if (options.api !== false) {
          api = await startApiFor(gaitd, {
            host: config.api.host,
            port: config.api.port,
            ...(config.api.token ? { token: config.api.token } : {}),
            log,
            ...(options.webRoot ? { webRoot: options.webRoot } : {}),
          }).catch((err: Error) => {
            throw new UserError(err.message);
          });
          log.info({ url: api.url }, `API listening on ${api.url}`);
        }
        let started: () => void = () => {};
        const firstStarted = new Promise<void>((resolve) => {
          started = resolve;
        });
        loop = runSessions(started);
        loop.then(resolveFinished, (err: unknown) => {
          if (state === 'running') log.error({ err }, 'the sensor source failed');
          rejectFinished(err);
        });
        await Promise.race([firstStarted, loop]);
        statusTimer = setInterval(publishStatus, statusEveryS * 1000);
        statusTimer.unref();
        state = 'running';
      } catch (err) {
        stopping = teardown();
        await stopping;
        throw err;
      }
    },

    async stop() {
      await gaitd.shutdown();
    },

    shutdown() {
      if (state === 'stopped' && !stopping) {
        return Promise.resolve({ drained: true, outbox: null, journal: undefined, journalPath: undefined });
      }
      state = 'stopping';
      stopping ??= teardown();
      return stopping;
    },

    status(): DaemonStatus {
      const run = current ?? last;
      const s = run?.pipeline.status() ?? noStatus();
      return {
        atMs: Date.now(),
        state,
        ...(run ? { session: run.session } : {}),
        t: s.t,
        packets: s.packets,
        lost: s.lost,
        loss: s.loss,
        decodeErrors: s.decodeErrors,
        strides: s.strides,
        cadence: s.cadence,
        ...(s.assessment ? { assessment: s.assessment } : {}),
        baseline: baseline.port.state(),
        sensors: s.sensors,
      };
    },

    health(): DaemonHealth {
      const problems: string[] = [];
      const sensors = sensorsNow();
      const running = state === 'running' && current !== undefined;
      for (const s of sensors)
        if (running && !s.connected) problems.push(`sensor ${s.location} (${s.sensorId}) is not sending`);
      const j = writer?.stats();
      const usage = storage?.journal.diskUsage();
      let disk: DaemonHealth['storage']['disk'] = 'ok';
      if (j?.state === 'full') disk = 'full';
      else if (j?.state === 'cap' || (usage && usage.usedBytes >= usage.capBytes)) disk = 'cap';
      else if (usage && usage.usedBytes >= usage.capBytes * config.journal.diskWarnFraction) disk = 'warn';
      if (disk === 'full')
        problems.push(`the disk is full: ${j?.pendingResults ?? 0} result(s) wait in memory for the journal`);
      if (disk === 'cap')
        problems.push('the journal reached its disk cap (outbox.diskCapBytes): new results are refused');
      if (disk === 'warn') problems.push('the journal is near its disk cap: raw data is no longer kept');
      if (j?.state === 'failing') problems.push(`journal writes fail: ${j.error}`);
      const outbox = storage?.writer?.status();
      const influx: DaemonHealth['storage']['influx'] = !outbox
        ? 'off'
        : outbox.consecutiveFailures > 0
          ? 'failing'
          : 'ok';
      if (influx === 'failing') {
        problems.push(
          `InfluxDB is not taking points (${outbox?.lastError?.message ?? 'unknown error'}); they wait in the outbox`,
        );
      }
      if (!running) problems.push(state === 'running' ? 'no session is running' : `the daemon is ${state}`);
      return {
        status: !running ? 'down' : problems.length > 0 ? 'degraded' : 'ok',
        problems,
        sensors,
        pipeline: { running, lastResultAtMs },
        storage: {
          journal: storage !== undefined,
          outboxBacklog: outbox?.backlog ?? 0,
          influx,
          disk,
          refusedResults: j?.refusedResults ?? 0,
        },
      };
    },

    metrics(): string {
      const now = current?.pipeline.status();
      return daemonMetrics({
        totals: {
          packets: totals.packets + (now?.packets ?? 0),
          lost: totals.lost + (now?.lost ?? 0),
          decodeErrors: totals.decodeErrors + (now?.decodeErrors ?? 0),
          results: totals.results,
          sessions: totals.sessions,
        },
        status: gaitd.status(),
        health: gaitd.health(),
        strideDelaysS: (current ?? last)?.pipeline.strideDelaysS() ?? [],
        alerts: alerting?.stats() ?? { raised: 0, webhookSent: 0, webhookFailed: 0, webhookQueued: 0, hapticSent: 0 },
        liveEvents: live.lastId(),
        journal: writer?.stats(),
        storage: storage?.health(),
      });
    },

    sessions: () => summaries,
    apiUrl: () => api?.url,
    journalWriter: () => writer?.stats(),
    source: () => (current ?? last)?.source,
  };
  return gaitd;
}
