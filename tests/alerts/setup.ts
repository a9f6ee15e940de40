import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { type Alerting, createAlerting } from '../../src/alerts/index.ts';
import type { Alert } from '../../src/alerts/types.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import type { SensorCommand } from '../../src/daemon/contract.ts';
import type { Assessment } from '../../src/gait/types.ts';
import type { SessionInfo } from '../../src/pipeline/results.ts';
import type { Location } from '../../src/sensors/types.ts';
import { openJournal } from '../../src/storage/journal.ts';

export const SECRET = 'test-secret-0123456789abcdef';
export const session: SessionInfo = { id: 'walk-1', wearer: 'ann', startedAtMs: Date.now(), source: 'sim' };

/** Alert config for tests: every knee-driven assessment after a `none` one raises an alert at once. */
export function fastConfig(webhookUrls: readonly string[], webhook: Record<string, number> = {}) {
  return GaitdConfig.parse({
    alerts: {
      compensation: { raiseAfter: 1, clearAfter: 1, cooldownS: 0 },
      webhooks: webhookUrls.map((url) => ({ url, secret: SECRET })),
      // A generous timeout: the receiver runs in the same (possibly starved) test process.
      webhook: { timeoutMs: 5000, initialBackoffMs: 40, maxBackoffMs: 200, ...webhook },
    },
  });
}

export function openTestJournal(path: string) {
  const opened = openJournal({ path, outbox: false, capBytes: 1e9, warnFraction: 0.9 });
  if (!opened.ok) throw new Error(opened.error);
  return opened.journal;
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-alerts-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const assessment = (t: number, pattern: Assessment['pattern'], side: Assessment['side']): Assessment => ({
  t,
  pattern,
  side,
  severity: 0.5,
  confidence: 0.9,
  evidence: pattern === 'none' ? [] : [{ metric: 'si.stanceTime', value: 8, baseline: 0.5, z: 4.2 }],
});

/** Feeds `none` then a right knee-driven assessment per alert wanted (with fastConfig: one alert each). */
export function raiseAlerts(alerting: Alerting, count: number, fromT = 0, s: SessionInfo = session): void {
  for (let i = 0; i < count; i++) {
    const t = fromT + 2 * i;
    alerting.onResult(s, { kind: 'assessment', assessment: assessment(t, 'none', 'none') });
    alerting.onResult(s, { kind: 'assessment', assessment: assessment(t + 1, 'knee-driven', 'right') });
  }
}

/** Lets the alerting publish what it raised (it publishes once the deciding result is handled). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface TestAlerting {
  readonly alerting: Alerting;
  readonly published: Alert[];
  readonly commands: { location: Location; command: SensorCommand }[];
}

export function testAlerting(
  config: GaitdConfig,
  db: Parameters<typeof createAlerting>[0]['db'],
  refuse: readonly Location[] = [],
): TestAlerting {
  const published: Alert[] = [];
  const commands: { location: Location; command: SensorCommand }[] = [];
  const alerting = createAlerting({
    config,
    db,
    log: pino({ level: 'silent' }),
    publish: (_s, a) => published.push(a),
    sensorControl: {
      async send(location, command) {
        if (refuse.includes(location)) return { ok: false, error: `no sensor at ${location}` };
        commands.push({ location, command });
        return { ok: true };
      },
    },
  });
  return { alerting, published, commands };
}
