import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSensorCsv, readRecording, writeRecording } from '../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS, listRecordings, SHARED_RECORDINGS, sharedDataAvailable } from '../helpers/data.ts';

describe('readRecording on real recordings', () => {
  it.each(listRecordings(FIXTURE_RECORDINGS))('reads fixture %s with sensors and reference events', async (dir) => {
    const result = await readRecording(dir);
    if (!result.ok) throw new Error(result.error);
    expect(result.recording.sensors.length).toBeGreaterThan(0);
    for (const s of result.recording.sensors) {
      expect(s.acc.length).toBe(s.t.length * 3);
      expect(s.t.length).toBeGreaterThan(500);
    }
    expect(result.recording.events?.length).toBeGreaterThan(4);
    expect(result.recording.warnings).toEqual([]);
  });

  const shared = sharedDataAvailable() ? listRecordings(SHARED_RECORDINGS, 'voisard-') : [];
  it.runIf(shared.length > 0).each(shared)('reads shared %s (waist + both feet)', async (dir) => {
    const result = await readRecording(dir);
    if (!result.ok) throw new Error(result.error);
    expect(result.recording.sensors.map((s) => s.location).sort()).toEqual(['left_foot', 'right_foot', 'waist']);
  });
});

describe('readRecording bad input', () => {
  it('names the missing column', () => {
    const r = parseSensorCsv('t,ax,ay,gx,gy,gz\n0,1,2,3,4,5\n', 'x.csv', 'waist', 100);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/missing column\(s\) az/);
  });

  it('rejects non-monotonic time with the line number', () => {
    const r = parseSensorCsv(
      't,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.02,0,0,9.8,0,0,0\n0.01,0,0,9.8,0,0,0\n',
      'x.csv',
      'waist',
      100,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/x\.csv:4: time goes from 0\.02 to 0\.01/);
  });

  it('detects acceleration in g instead of m/s²', () => {
    const r = parseSensorCsv('t,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.01,0,0,1.01,0,0,0\n', 'x.csv', 'waist', 100);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/looks like g/);
  });

  it('warns about NaN cells instead of failing', () => {
    const r = parseSensorCsv('t,ax,ay,az,gx,gy,gz\n0,0,0,9.8,0,0,0\n0.01,0,,9.8,0,0,0\n', 'x.csv', 'waist', 100);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings[0]).toMatch(/1 empty or non-numeric/);
  });

  it('says the directory is not a recording', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-rec-'));
    const r = await readRecording(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/recording\.json: file not found/);
    await writeFile(
      join(dir, 'recording.json'),
      '{"format":"gaitd-recording","version":1,"sensors":[{"location":"knee"}]}',
    );
    const r2 = await readRecording(dir);
    if (!r2.ok) expect(r2.error).toMatch(/sensors\.0\.location/);
    else throw new Error('accepted a bad location');
  });
});

describe('writeRecording', () => {
  it('round-trips sensors and events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-rec-'));
    const t = Float64Array.from([0, 0.01, 0.02]);
    const acc = Float32Array.from([0, 0, 9.81, 0.1, 0, 9.8, 0, 0.2, 9.7]);
    const gyr = Float32Array.from([0.1, 0.2, 0.3, 0, 0, 0, -1, -2, -3]);
    await writeRecording(dir, {
      wearer: 'w',
      sensors: [{ location: 'waist', rateHz: 100, t, acc, gyr }],
      events: [{ t: 0.01, side: 'left', type: 'IC' }],
    });
    const r = await readRecording(dir);
    if (!r.ok) throw new Error(r.error);
    expect(Array.from(r.recording.sensors[0].gyr)).toEqual(Array.from(gyr));
    expect(r.recording.events).toEqual([{ t: 0.01, side: 'left', type: 'IC' }]);
  });
});
