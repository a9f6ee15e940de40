import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

const load = (flags: Record<string, unknown>, env: Record<string, string> = {}) => loadConfig({ env, flags });

describe('alerts config', () => {
  it('has documented defaults', () => {
    const r = load({});
    if (!r.ok) throw new Error(r.error);
    expect(r.config.alerts).toMatchObject({
      enabled: true,
      compensation: { raiseAfter: 10, clearAfter: 20, minConfidence: 0.5, cooldownS: 600 },
      asymmetry: { raiseRatio: 1.1, clearRatio: 1.07 },
      sensor: { disconnectedS: 10, batteryLowPct: 15, batteryClearPct: 25, lossHigh: 0.05, lossClear: 0.02 },
      webhooks: [],
      haptic: { enabled: true, pattern: 'double', durationMs: 400 },
    });
  });

  it('refuses a hysteresis band turned upside down, naming the setting', () => {
    expect(load({ alerts: { asymmetry: { clearRatio: 1.2 } } })).toEqual({
      ok: false,
      error:
        'config: alerts.asymmetry.clearRatio: clearRatio must be below raiseRatio (the band between them is the hysteresis)',
    });
    const battery = load({ alerts: { sensor: { batteryLowPct: 30 } } });
    expect(!battery.ok && battery.error).toMatch(
      /^config: alerts\.sensor\.batteryClearPct: batteryClearPct must be above/,
    );
    const loss = load({ alerts: { sensor: { lossClear: 0.2 } } });
    expect(!loss.ok && loss.error).toMatch(/^config: alerts\.sensor\.lossClear: lossClear must be below lossHigh/);
  });

  it('refuses a webhook with a non-http URL or a short secret, and a misspelt key', () => {
    const ftp = load({ alerts: { webhooks: [{ url: 'ftp://x.org/hook', secret: '0123456789abcdef' }] } });
    expect(!ftp.ok && ftp.error).toMatch(/^config: alerts\.webhooks\.0\.url: must be an http/);
    const short = load({ alerts: { webhooks: [{ url: 'https://x.org/hook', secret: 'short' }] } });
    expect(!short.ok && short.error).toMatch(/^config: alerts\.webhooks\.0\.secret: webhook secret: at least 16/);
    const typo = load({ alerts: { compensation: { raiseAftr: 3 } } });
    expect(!typo.ok && typo.error).toMatch(/raiseAftr/);
  });

  it('takes one webhook from GAITD_ALERT_WEBHOOK_URL and GAITD_ALERT_WEBHOOK_SECRET, naming a missing one', () => {
    const env = { GAITD_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9000/hook', GAITD_ALERT_WEBHOOK_SECRET: 'x'.repeat(32) };
    const r = load({}, env);
    if (!r.ok) throw new Error(r.error);
    expect(r.config.alerts.webhooks).toEqual([
      { url: env.GAITD_ALERT_WEBHOOK_URL, secret: env.GAITD_ALERT_WEBHOOK_SECRET },
    ]);
    const missing = load({}, { GAITD_ALERT_WEBHOOK_URL: env.GAITD_ALERT_WEBHOOK_URL });
    expect(!missing.ok && missing.error).toMatch(
      /alerts\.webhooks\.0\.secret: missing; set GAITD_ALERT_WEBHOOK_SECRET/,
    );
  });
});
