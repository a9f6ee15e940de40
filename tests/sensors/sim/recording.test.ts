import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, writeRecording } from '../../../src/sensors/replay/recording.ts';
import { simulateRecording } from '../../../src/sensors/sim/index.ts';

describe('simulateRecording', () => {
  it('writes a recording that readRecording accepts, with truth files and walking regions', async () => {
    const input = simulateRecording({ scenario: 'lossy', seed: 12, durationS: 60 });
    const dir = await mkdtemp(join(tmpdir(), 'gaitd-sim-rec-'));
    await writeRecording(dir, input);
    const r = await readRecording(dir);
    if (!r.ok) throw new Error(r.error);
    const { recording } = r;
    expect(recording.warnings).toEqual([]);
    expect(recording.sensors.map((s) => s.location)).toEqual(['left_shank', 'right_shank', 'waist']);
    expect(recording.events?.length).toBe(input.walker.groundTruth.events.length);
    expect(recording.regions?.left.length).toBeGreaterThan(0);
    const strides = (await readFile(join(dir, 'reference_strides.csv'), 'utf8')).trim().split('\n');
    expect(strides[0]).toMatch(/^side,ic,fc,next_ic,stride_time,stance_time,swing_time,step_time/);
    expect(strides.length - 1).toBe(input.walker.groundTruth.strides.length);
    const comp = (await readFile(join(dir, 'compensation.csv'), 'utf8')).trim().split('\n');
    expect(comp[0]).toBe('t,pattern,side,severity');
    expect(comp.length - 1).toBe(61);
    expect(recording.manifest.reference?.strides).toBe('reference_strides.csv');
  });

  it('leaves lost packets out: t jumps by whole packets and the sample count matches what arrived', () => {
    const input = simulateRecording({ scenario: 'lossy', seed: 12, durationS: 60 });
    for (const s of input.sensors) {
      const truth = input.walker.sensorTruth().find((x) => x.location === s.location)!;
      expect(s.t.length).toBe((truth.packetsSent - truth.packetsLost) * 5);
      let jumps = 0;
      for (let i = 1; i < s.t.length; i++) {
        const steps = (s.t[i] - s.t[i - 1]) * 100;
        expect(steps).toBeGreaterThan(0.99);
        if (steps > 1.5) {
          jumps++;
          // A gap is a whole number of 5-sample packets (+1 for the step itself).
          expect(Math.abs(((steps - 1) / 5) % 1) < 0.01 || Math.abs(((steps - 1) / 5) % 1) > 0.99).toBe(true);
        }
      }
      expect(jumps).toBeGreaterThan(10);
    }
  });

  it('puts samples on the wearer timeline: a 200 ppm clock shows its true sample spacing', () => {
    const input = simulateRecording({ scenario: 'drifty', seed: 2, durationS: 60 });
    for (const s of input.sensors) {
      const truth = input.walker.sensorTruth().find((x) => x.location === s.location)!;
      // The longest run without a lost packet: its mean spacing is 1 / (rate · (1 + drift)).
      let best = [0, 0];
      for (let i = 1, start = 0; i <= s.t.length; i++) {
        if (i === s.t.length || s.t[i] - s.t[i - 1] > 0.015) {
          if (i - start > best[1] - best[0]) best = [start, i];
          start = i;
        }
      }
      const [a, b] = best;
      expect(b - a).toBeGreaterThan(1000);
      const spacing = (s.t[b - 1] - s.t[a]) / (b - 1 - a);
      const ppm = (1 / (spacing * 100) - 1) * 1e6;
      expect(Math.abs(ppm - truth.driftPpm)).toBeLessThan(10);
    }
  });
});
