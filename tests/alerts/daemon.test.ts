import { afterAll, expect, it } from 'vitest';
import type { WebhookBody } from '../../src/alerts/index.ts';
import type { LiveEvent } from '../../src/daemon/contract.ts';
import { createGaitd } from '../../src/daemon/gaitd.ts';
import { ONSET_S } from '../../src/sensors/sim/index.ts';
import type { WalkerSource } from '../../src/sensors/sim/walker-source.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from '../daemon/helpers.ts';
import { startReceiver } from './receiver.ts';
import { SECRET } from './setup.ts';

afterAll(cleanupDirs);

// The "done when": a knee-right-stiff walk through the whole service (walker → live pipeline
// → alerting with default rules → journal) raises ONE alert, which arrives on the live stream (what
// SSE serves), at a real webhook receiver, and as a haptic command recorded by the right-side sensor.
it('a knee-right-stiff walk through the daemon raises exactly one alert: on the live stream, at the webhook and as a right-side buzz', async () => {
  const receiver = await startReceiver(SECRET);
  const daemon = createGaitd(
    configWith({
      dataDir: tempDataDir(),
      source: { scenario: 'knee-right-stiff', seed: 1 },
      alerts: { webhooks: [{ url: receiver.url, secret: SECRET }] },
    }),
    { log: quietLog, api: false, speed: 60, durationS: 420, walkS: 420 },
  );
  const events: LiveEvent[] = [];
  const subscription = daemon.live.subscribe((e) => events.push(e));
  try {
    await daemon.start();
    await daemon.finished;
    await receiver.until(() => receiver.accepted.size >= 1, 20_000);

    const alerts = events.flatMap((e) => (e.type === 'result' && e.result.kind === 'alert' ? [e.result.alert] : []));
    expect(alerts.map((a) => a.kind)).toEqual(['compensation']);
    const [alert] = alerts;
    expect(alert.t).toBeGreaterThan(ONSET_S);
    expect(alert.message).toContain('right side');
    expect(alert.message).toContain('not a diagnosis');

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
    subscription.unsubscribe();
    await daemon.shutdown();
    await receiver.close();
  }
});
