/**
 * The BLE commands as a user runs them, on this machine (no Bluetooth socket family): scan fails
 * with one clear line, pair edits the config file without Bluetooth and keeps every other key.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function gaitd(args: string[]) {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/gaitd.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: process.env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Whether this machine can open a Bluetooth HCI socket at all (these build machines cannot). */
async function hasBluetoothSocket(): Promise<boolean> {
  try {
    const { default: Hci } = await import('@abandonware/noble/lib/hci-socket/bindings.js');
    new Hci({});
    return true;
  } catch {
    return false;
  }
}

describe('gaitd scan without Bluetooth', () => {
  it('says Bluetooth is unavailable, suggests --source sim, exits 69, prints no stack trace', async (ctx) => {
    if (await hasBluetoothSocket()) ctx.skip();
    const r = await gaitd(['scan', '--duration', '1']);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(
      /^gaitd: Bluetooth is unavailable: this system has no Bluetooth socket support \(EAFNOSUPPORT\)\..*--source sim\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('gaitd run --source ble without Bluetooth', () => {
  it('fails at start with the same one-line reason, non-zero, no stack trace', async (ctx) => {
    if (await hasBluetoothSocket()) ctx.skip();
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-run-ble-'));
    dirs.push(dir);
    const r = await gaitd(['run', '--source', 'ble', '--data-dir', dir, '--no-api']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /gaitd: .*Bluetooth is unavailable: this system has no Bluetooth socket support \(EAFNOSUPPORT\)\..*--source sim\n$/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('gaitd pair', () => {
  it('writes the pairing into the config file, keeps the other keys, and replaces the sensor at a location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-pair-'));
    dirs.push(dir);
    const file = join(dir, 'gaitd.json');
    writeFileSync(
      file,
      JSON.stringify({
        wearer: 'ana',
        api: { port: 9000 },
        ble: { rateHz: 200, sensors: [{ id: 'aa01', location: 'waist' }] },
      }),
    );
    const first = await gaitd(['pair', '--config', file, '--location', 'left_shank', 'C0:FF:EE:00:00:01']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `paired C0:FF:EE:00:00:01 at left_shank; ${file} now pairs waist=aa01, left_shank=C0:FF:EE:00:00:01\n`,
    );
    const second = await gaitd(['pair', '--config', file, '--location', 'waist', '--profile', 'witmotion', 'ee05']);
    expect(second.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      wearer: 'ana',
      api: { port: 9000 },
      ble: {
        rateHz: 200,
        sensors: [
          { id: 'C0:FF:EE:00:00:01', location: 'left_shank', profile: 'gaitd' },
          { id: 'ee05', location: 'waist', profile: 'witmotion' },
        ],
      },
    });
    const removed = await gaitd(['pair', '--config', file, '--remove', 'ee05']);
    expect(removed.stdout).toMatch(/unpaired ee05; .* now pairs left_shank=C0:FF:EE:00:00:01\n$/);
  });

  it('refuses a bad location, a bad id and a broken config file with one line each, leaving the file alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gaitd-pair-'));
    dirs.push(dir);
    const file = join(dir, 'gaitd.json');
    const bad = await gaitd(['pair', '--config', file, '--location', 'knee', 'c0ffee000001']);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'gaitd: --location knee: must be one of left_shank, right_shank, waist, left_foot, right_foot\n',
    });
    const badId = await gaitd(['pair', '--config', file, '--location', 'waist', 'x y']);
    expect(badId.stderr).toMatch(/^gaitd: sensor id "x y" does not look like an id from `gaitd scan`/);
    writeFileSync(file, '{"wearer": ');
    const broken = await gaitd(['pair', '--config', file, '--location', 'waist', 'c0ffee000003']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^gaitd: config file .*gaitd\.json: not valid JSON .*; fix it before pairing\n$/);
    expect(readFileSync(file, 'utf8')).toBe('{"wearer": ');
  });
});
