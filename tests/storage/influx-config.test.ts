import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

const error = (env: Record<string, string>) => {
  const result = loadConfig({ env });
  return result.ok ? undefined : result.error;
};

describe('InfluxDB settings from the environment', () => {
  it('builds a v1 and a v2 target from GAITD_INFLUX_*', () => {
    const v1 = loadConfig({
      env: { GAITD_INFLUX_URL: 'http://db:8086', GAITD_INFLUX_DATABASE: 'gait', GAITD_DATA_DIR: '/var/gaitd' },
    });
    expect(v1).toMatchObject({
      ok: true,
      config: { dataDir: '/var/gaitd', influx: { version: 1, url: 'http://db:8086', database: 'gait' } },
    });
    const v2 = loadConfig({
      env: {
        GAITD_INFLUX_VERSION: '2',
        GAITD_INFLUX_URL: 'https://eu-central-1-1.aws.cloud2.influxdata.com',
        GAITD_INFLUX_ORG: 'clinic',
        GAITD_INFLUX_BUCKET: 'gait',
        GAITD_INFLUX_TOKEN: 't0k3n',
      },
    });
    expect(v2).toMatchObject({ ok: true, config: { influx: { version: 2, org: 'clinic', bucket: 'gait' } } });
  });

  it('names a URL without http(s) at start-up', () => {
    expect(error({ GAITD_INFLUX_URL: 'localhost:8086', GAITD_INFLUX_DATABASE: 'g' })).toBe(
      'config: influx.url: must be an http:// or https:// URL, e.g. http://localhost:8086',
    );
    expect(error({ GAITD_INFLUX_URL: 'not a url', GAITD_INFLUX_DATABASE: 'g' })).toMatch(/^config: influx.url: /);
  });

  it('names the missing field and the variable that sets it', () => {
    expect(error({ GAITD_INFLUX_URL: 'http://db:8086' })).toBe(
      'config: influx.database: missing; set GAITD_INFLUX_DATABASE or "influx.database" in the config file',
    );
    expect(
      error({
        GAITD_INFLUX_VERSION: '2',
        GAITD_INFLUX_URL: 'http://db:8086',
        GAITD_INFLUX_ORG: 'o',
        GAITD_INFLUX_TOKEN: 't',
      }),
    ).toBe('config: influx.bucket: missing; set GAITD_INFLUX_BUCKET or "influx.bucket" in the config file');
    expect(error({ GAITD_INFLUX_VERSION: '3', GAITD_INFLUX_URL: 'http://db:8086' })).toMatch(
      /^config: influx.version: /,
    );
  });

  it('has journal retention per table, results longer than raw data', () => {
    const result = loadConfig({ env: {} });
    if (!result.ok) throw new Error(result.error);
    const days = result.config.journal.retentionDays;
    expect(days.raw_chunks).toBeLessThan(days.strides);
    expect(result.config.journal.keepRaw).toBe(false);
  });
});
