/**
 * Issue 12 item 8: `gaitd simulate` of a long walk runs in bounded memory and never leaves a
 * partial recording that looks complete.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { gaitd, spawnGaitd } from './cli.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gaitd-rel-sim-'));
});

describe('item 8: simulate a long walk', () => {
  it('item 8: simulate --duration 1800 fits a 64 MB heap (the whole walk is never held in memory)', async () => {
    // The in-memory writer needed ~210 kB per simulated second: 1800 s ran out of a 64 MB heap.
    const out = join(work, 'half-hour');
    const r = await gaitd(['simulate', '--duration', '1800', '--out', out], {
      nodeArgs: ['--max-old-space-size=64'],
      timeoutMs: 150_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const read = await readRecording(out);
    if (!read.ok) throw new Error(read.error);
    for (const s of read.recording.sensors) {
      // 100 Hz for 1800 s, less the simulated packet loss (~0.5 %).
      expect(s.t.length).toBeGreaterThan(0.97 * 180_000);
      expect(s.t[s.t.length - 1]).toBeGreaterThan(1790);
    }
  }, 180_000);

  it('item 8: a simulate killed while writing leaves no recording.json, so nothing mistakes it for a recording', async () => {
    const out = join(work, 'killed');
    const child = spawnGaitd(['simulate', '--duration', '3600', '--out', out]);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill once the sensor CSVs are being written.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const size = await stat(join(out, 'waist.csv')).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'waist.csv'))).toBe(true);
    expect(existsSync(join(out, 'recording.json'))).toBe(false);
    const read = await readRecording(out);
    expect(read.ok).toBe(false);
  }, 90_000);
});
