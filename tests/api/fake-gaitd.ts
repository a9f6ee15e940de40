import { Subject } from 'rxjs';
import { GaitdConfig } from '../../src/config/schema.ts';
import type {
  AlertFilter,
  DaemonHealth,
  DaemonStatus,
  Gaitd,
  LiveEvent,
  SensorCommand,
  StoredAlert,
} from '../../src/daemon/contract.ts';
import type { Location } from '../../src/domain/sensors.ts';

type LiveEventBody = LiveEvent extends infer E ? (E extends LiveEvent ? Omit<E, 'id'> : never) : never;

/**
 * A small in-memory `Gaitd` for route tests: the routes see exactly the contract, the test drives
 * the live stream (`emit`) and reads what the routes did (acks, relearns, uploads, commands).
 */
export interface FakeGaitd extends Gaitd {
  emit(event: LiveEventBody): LiveEvent;
  healthState: DaemonHealth['status'];
  readonly relearned: number[];
  readonly uploads: unknown[];
  readonly commands: { location: Location; command: SensorCommand }[];
  storedAlerts: StoredAlert[];
}

export function fakeGaitd(options: { journalPath?: string; bufferSize?: number } = {}): FakeGaitd {
  const live = new Subject<LiveEvent>();
  const buffer: LiveEvent[] = [];
  const bufferSize = options.bufferSize ?? 1000;
  let nextId = 1;
  let baselineState: 'learning' | 'ready' = 'learning';
  const relearned: number[] = [];
  const uploads: unknown[] = [];
  const commands: { location: Location; command: SensorCommand }[] = [];
  const sensors = [
    {
      sensorId: 'sim-left',
      location: 'left_shank' as const,
      connected: true,
      battery: 0.8,
      rssiDbm: -60,
      packetLoss: 0.01,
    },
    { sensorId: 'sim-waist', location: 'waist' as const, connected: false, packetLoss: 0.2, driftPpm: 12 },
  ];
  const fake: FakeGaitd = {
    config: GaitdConfig.parse({}),
    healthState: 'ok',
    relearned,
    uploads,
    commands,
    storedAlerts: [],
    async start() {},
    async stop() {},
    live: live.asObservable(),
    emit(body) {
      const event = { ...body, id: nextId++ } as LiveEvent;
      buffer.push(event);
      if (buffer.length > bufferSize) buffer.shift();
      live.next(event);
      return event;
    },
    liveSince(lastId) {
      if (buffer.length === 0) return lastId + 1 >= nextId ? [] : undefined;
      if (lastId < buffer[0].id - 1) return undefined;
      return buffer.filter((e) => e.id > lastId);
    },
    status(): DaemonStatus {
      return {
        atMs: 1_700_000_000_000,
        state: 'running',
        t: 12.5,
        packets: 1000,
        lost: 10,
        loss: 0.01,
        decodeErrors: 0,
        strides: { left: 5, right: 6 },
        cadence: 110,
        baseline: baselineState,
        sensors,
      };
    },
    health(): DaemonHealth {
      return {
        status: fake.healthState,
        problems: fake.healthState === 'ok' ? [] : ['waist sensor silent for 12 s'],
        sensors,
        pipeline: { running: fake.healthState !== 'down', lastResultAtMs: 1_700_000_000_000 },
        storage: { journal: true, outboxBacklog: 3, influx: 'off', disk: 'ok', refusedResults: 0 },
      };
    },
    metrics: () =>
      '# HELP gaitd_packets_total Packets received\n# TYPE gaitd_packets_total counter\ngaitd_packets_total 1000\n',
    sensorControl: {
      async send(location, command) {
        commands.push({ location, command });
        return { ok: true };
      },
    },
    alerts: {
      list(filter: AlertFilter) {
        return fake.storedAlerts.filter(
          (a) =>
            (filter.wearer === undefined || a.wearer === filter.wearer) &&
            (filter.fromMs === undefined || a.atMs >= filter.fromMs) &&
            (filter.toMs === undefined || a.atMs <= filter.toMs) &&
            (filter.state === undefined ||
              filter.state === 'all' ||
              (filter.state === 'acknowledged') === a.acknowledged),
        );
      },
      acknowledge(id) {
        const i = fake.storedAlerts.findIndex((a) => a.id === id);
        if (i < 0) return undefined;
        fake.storedAlerts[i] = { ...fake.storedAlerts[i], acknowledged: true };
        return fake.storedAlerts[i];
      },
    },
    baseline: {
      state: () => baselineState,
      relearn() {
        relearned.push(Date.now());
        baselineState = 'learning';
      },
      upload(json) {
        if (typeof json !== 'object' || json === null || !('strides' in json)) {
          return { ok: false, error: 'baseline: "strides" missing; upload the JSON `gaitd baseline` wrote' };
        }
        uploads.push(json);
        baselineState = 'ready';
        return { ok: true };
      },
    },
    journalPath: options.journalPath,
  };
  return fake;
}
