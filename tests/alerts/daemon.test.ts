import { afterAll, expect, it } from 'vitest';
import type { Alert, WebhookBody } from '../../src/alerts/index.ts';
import type { LiveEvent } from '../../src/daemon/contract.ts';
import { createGaitd, type GaitdOptions } from '../../src/daemon/gaitd.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import { createSource } from '../../src/sensors/factory.ts';
import { ONSET_S } from '../../src/sensors/sim/index.ts';
import type { WalkerSource } from '../../src/sensors/sim/walker-source.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from '../daemon/helpers.ts';
import { startReceiver } from './receiver.ts';
import { SECRET } from './setup.ts';

afterAll(cleanupDirs);

/** The first alert in a Server-Sent Events stream of the API. */
function sseAlerts(url: string) {
  const abort = new AbortController();
  const first = (async (): Promise<Alert> => {
    const res = await fetch(url, { signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk, { stream: true });
      const frames = buffered.split('\n\n');
      buffered = frames.pop() ?? '';
      for (const frame of frames) {
        const data = frame
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (!/^event: ?result$/m.test(frame) || !data) continue;
        const { result } = JSON.parse(data) as { result: GaitResult };
        if (result.kind === 'alert') return result.alert;
      }
    }
    throw new Error('the live stream ended without an alert');
  })();
  first.catch(() => {});
  return { first, close: () => abort.abort() };
}

// The "done when": a knee-right-stiff walk through the whole service (walker → live pipeline
// → alerting with default rules → journal) raises ONE alert, which arrives on the live stream (what
// SSE serves; read over HTTP too), at a real webhook receiver, and as a haptic command recorded by the right-side sensor.
it('a knee-right-stiff walk through the daemon raises exactly one alert: on the live stream, at the webhook and as a right-side buzz', async () => {
  const receiver = await startReceiver(SECRET);
  const daemon = createGaitd(
    configWith({
      dataDir: tempDataDir(),
      api: { port: 0 },
      source: { scenario: 'knee-right-stiff', seed: 1 },
      alerts: { webhooks: [{ url: receiver.url, secret: SECRET }] },
    }),
    { log: quietLog, speed: 60, durationS: 360, walkS: 360 },
  );
  const events: LiveEvent[] = [];
  const subscription = daemon.live.subscribe((e) => events.push(e));
  let sse: ReturnType<typeof sseAlerts> | undefined;
  try {
    await daemon.start();
    const apiUrl = daemon.apiUrl();
    if (!apiUrl) throw new Error('the daemon did not start its API');
    sse = sseAlerts(`${apiUrl}/api/live?lastEventId=0`);
    await daemon.finished;
    await receiver.until(() => receiver.accepted.size >= 1, 20_000);

    const alerts = events.flatMap((e) => (e.type === 'result' && e.result.kind === 'alert' ? [e.result.alert] : []));
    expect(alerts.map((a) => a.kind)).toEqual(['compensation']);
    const [alert] = alerts;
    expect(alert.t).toBeGreaterThan(ONSET_S);
    expect(alert.message).toContain('right side');
    expect(alert.message).toContain('not a diagnosis');
    // The deciding assessment comes first on the live stream, the alert right after it.
    const idOf = (pred: (e: LiveEvent) => boolean) => events.find(pred)?.id ?? Number.NaN;
    const decidingId = idOf(
      (e) => e.type === 'result' && e.result.kind === 'assessment' && e.result.assessment.t === alert.t,
    );
    const alertId = idOf((e) => e.type === 'result' && e.result.kind === 'alert');
    expect(alertId).toBeGreaterThan(decidingId);

    // Over HTTP, as the dashboard gets it (GET /api/live, Server-Sent Events).
    expect((await sse.first).id).toBe(alert.id);
    sse.close();

    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].signatureValid).toBe(true);
    expect(receiver.requests[0].delivery).toBe(alert.id);
    expect((JSON.parse(receiver.requests[0].body) as WebhookBody).message).toBe(alert.message);

    const walker = daemon.source() as WalkerSource;
    expect(walker.sentCommands().map((c) => [c.location, c.command.kind])).toEqual([['right_shank', 'haptic']]);

    expect(daemon.alerts.list({})).toMatchObject([{ id: alert.id, acknowledged: false }]);
    expect(daemon.alerts.acknowledge(alert.id)?.acknowledged).toBe(true);
    expect(daemon.alerts.list({ state: 'open' })).toEqual([]);
  } finally {
    sse?.close();
    subscription.unsubscribe();
    await daemon.shutdown();
    await receiver.close();
  }
  // A 6-minute walk analysed live: about 15 s of CPU, more on a loaded machine.
}, 180_000);

it('a walk over a lossy radio link raises one packet-loss alert per sensor and nothing else', async () => {
  const daemon = createGaitd(configWith({ dataDir: tempDataDir(), source: { scenario: 'lossy', seed: 1 } }), {
    log: quietLog,
    api: false,
    speed: 60,
    durationS: 90,
    walkS: 90,
  });
  const alerts: Alert[] = [];
  const subscription = daemon.live.subscribe((e) => {
    if (e.type === 'result' && e.result.kind === 'alert') alerts.push(e.result.alert);
  });
  try {
    await daemon.start();
    await daemon.finished;
    const sensors = daemon.status().sensors;
    expect(sensors).toHaveLength(3);
    expect(alerts.map((a) => a.kind)).toEqual(['packet-loss', 'packet-loss', 'packet-loss']);
    const named = alerts.map((a) => a.evidence[0].metric).sort();
    expect(named).toEqual(sensors.map((s) => `sensor.${s.sensorId}.packetLoss`).sort());
    for (const a of alerts) expect(a.evidence[0].value).toBeGreaterThan(0.05);
  } finally {
    subscription.unsubscribe();
    await daemon.shutdown();
  }
}, 120_000);

/** The walker's source with one sensor's link down from `fromS` to `toS` of the walk (its packets dropped). */
const withOutage =
  (location: string, fromS: number, toS: number): GaitdOptions['createSource'] =>
  async (config, log, request) => {
    const created = await createSource(config, log, request);
    if (!created.ok) return created;
    const inner = created.source;
    const victim = inner.sensors.find((s) => s.location === location);
    if (!victim) throw new Error(`no sensor at ${location}`);
    let firstMs: number | undefined;
    let state: 'up' | 'down' | 'back' = 'up';
    const source: typeof inner = {
      kind: inner.kind,
      sensors: inner.sensors,
      control: inner.control,
      stop: () => inner.stop(),
      start: (out) =>
        inner.start({
          ...out,
          notification(n) {
            firstMs ??= n.receivedAt;
            const t = (n.receivedAt - firstMs) / 1000;
            if (n.sensorId === victim.sensorId && t >= fromS) {
              if (t < toS) {
                if (state === 'up')
                  out.connection({ ...victim, connected: false, atMs: n.receivedAt, reason: 'test outage' });
                state = 'down';
                return;
              }
              if (state === 'down') out.connection({ ...victim, connected: true, atMs: n.receivedAt });
              state = 'back';
            }
            out.notification(n);
          },
        }),
    };
    return { ...created, source };
  };

it('a leg sensor out for 30 s raises one sensor-disconnected alert, and no packet-loss or asymmetry alert from the gap', async () => {
  const daemon = createGaitd(configWith({ dataDir: tempDataDir() }), {
    log: quietLog,
    api: false,
    speed: 30,
    durationS: 120,
    walkS: 120,
    createSource: withOutage('right_shank', 30, 60),
  });
  const alerts: Alert[] = [];
  const subscription = daemon.live.subscribe((e) => {
    if (e.type === 'result' && e.result.kind === 'alert') alerts.push(e.result.alert);
  });
  try {
    await daemon.start();
    await daemon.finished;
    expect(alerts.map((a) => a.kind)).toEqual(['sensor-disconnected']);
    expect(alerts[0].t).toBeGreaterThan(30 + 10);
    expect(alerts[0].t).toBeLessThan(60);
    expect(alerts[0].message).toMatch(/^The right shin sensor \(.+\) has been disconnected for 1\d s/);
  } finally {
    subscription.unsubscribe();
    await daemon.shutdown();
  }
}, 120_000);
