/**
 * Issue 12 item 11: unknown or misspelt config keys are refused with the key's path and the
 * nearest valid name, at every depth of the schema, while every valid key still loads.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnknownKey, loadConfig } from '../../src/config/load.ts';
import { GaitdConfig } from '../../src/config/schema.ts';
import { gaitd, stderrLines } from './cli.ts';

const errorOf = (file: Record<string, unknown>): string | undefined => {
  const result = loadConfig({ env: {}, flags: file });
  return result.ok ? undefined : result.error;
};

describe('item 11: strict config', () => {
  it('item 11: the issue example ({"influx_url", "outbox": {"batchsize"}}) is refused by gaitd with the path and nearest name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-rel-config-'));
    const file = join(dir, 'gaitd.json');
    await writeFile(file, JSON.stringify({ influx_url: 'http://localhost:8086', outbox: { batchsize: 5 } }));
    const r = await gaitd(['sessions', '--config', file, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      expect.stringMatching(/^gaitd: config: influx_url: unknown setting; did you mean "influx\.url"\?/),
    ]);
    await writeFile(file, JSON.stringify({ outbox: { batchsize: 5 } }));
    const nested = await gaitd(['sessions', '--config', file, '--data-dir', dir]);
    expect(nested.stderr).toMatch(/^gaitd: config: outbox\.batchsize: unknown setting; did you mean "batchSize"\?/);
  });

  it('item 11: unknown keys are found inside unions and arrays too', () => {
    expect(
      errorOf({ influx: { version: 2, url: 'http://x:1', org: 'o', bucket: 'b', token: 't', databse: 'd' } }),
    ).toMatch(/^config: influx\.databse: unknown setting/);
    expect(errorOf({ journal: { retentionDays: { stride: 10 } } })).toMatch(
      /^config: journal\.retentionDays\.stride: unknown setting; did you mean "strides"\?/,
    );
    expect(errorOf({ ble: { sensors: [{ id: 'a', location: 'waist', profil: 'gaitd' }] } })).toMatch(
      /^config: ble\.sensors\.0\.profil: unknown setting; did you mean "profile"\?/,
    );
    expect(errorOf({ totallyUnrelatedThing: 1 })).toMatch(
      /^config: totallyUnrelatedThing: unknown setting \(valid here: /,
    );
  });

  it('item 11: every key of a fully defaulted config is accepted (property: no false alarms)', () => {
    const full = GaitdConfig.parse({});
    expect(findUnknownKey(GaitdConfig, full)).toBeUndefined();
    expect(loadConfig({ env: {}, flags: full as unknown as Record<string, unknown> }).ok).toBe(true);
    // Any one extra key at any object path of the full config is reported with exactly that path.
    const objectPaths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
      objectPaths.push(path);
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    };
    walk(full, []);
    fc.assert(
      fc.property(fc.constantFrom(...objectPaths), fc.stringMatching(/^zz[a-z]{1,8}$/), (path, key) => {
        const copy = structuredClone(full) as Record<string, unknown>;
        let at = copy;
        for (const p of path) at = at[p] as Record<string, unknown>;
        at[key] = 1;
        expect(findUnknownKey(GaitdConfig, copy)?.path).toEqual([...path, key]);
      }),
    );
  });
});
