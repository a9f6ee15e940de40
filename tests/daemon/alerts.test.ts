import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/types.ts';
import type { StoredAlert } from '../../src/daemon/contract.ts';
import { createGaitd } from '../../src/daemon/gaitd.ts';
import type { WalkerSource } from '../../src/sensors/sim/walker-source.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

describe('the daemon with the alert rules', () => {
  it('a knee-right-stiff walk raises one alert, on the live stream, in the journal and as a buzz on the right shank', async () => {
    const daemon = createGaitd(configWith({ dataDir: tempDataDir(), source: { scenario: 'knee-right-stiff' } }), {
      log: quietLog,
      api: false,
      speed: 100,
      durationS: 420,
    });
    const live: Alert[] = [];
    daemon.live.subscribe((e) => {
      if (e.type === 'result' && e.result.kind === 'alert') live.push(e.result.alert);
    });
    await daemon.start();
    await daemon.finished;
    const walker = daemon.source() as WalkerSource;
    let stored: readonly StoredAlert[] = [];
    try {
      stored = daemon.alerts.list({ state: 'all' });
    } finally {
      await daemon.stop();
    }
    // Healthy for 120 s (the baseline), then the right knee stiffens until 300 s and stays so:
    // one alert for the whole episode, not one per window.
    expect(live).toHaveLength(1);
    expect(live[0].kind).toBe('compensation');
    expect(live[0].message).toMatch(/right/);
    expect(live[0].t).toBeGreaterThan(120);
    expect(stored.map((a) => a.id)).toEqual([live[0].id]);
    const buzz = walker.sentCommands();
    expect(buzz).toHaveLength(1);
    expect(buzz[0].location).toBe('right_shank');
    expect(buzz[0].command.kind).toBe('haptic');
  });
});
