import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImuChunk } from '../../src/pipeline/types.ts';
import { createSource } from '../../src/sensors/factory.ts';
import type { SourceOutput } from '../../src/sensors/source.ts';
import type { RawNotification } from '../../src/sensors/types.ts';
import { configWith, quietLog } from '../daemon/helpers.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';

/** A SourceOutput that records what reaches it and resolves `ended` at the source's end. */
function recorder() {
  const got = { notifications: [] as RawNotification[], chunks: [] as ImuChunk[], connections: [] as boolean[] };
  let ended: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    ended = resolve;
  });
  const out: SourceOutput = {
    notification: (n) => got.notifications.push(n),
    chunk: (c) => got.chunks.push(c),
    connection: (e) => got.connections.push(e.connected),
    sensorInfo: () => {},
    ended: () => ended(),
  };
  return { got, out, done };
}

describe('createSource by source.kind', () => {
  it('sim: the walker paced at the given speed, its sensors known before start, ending after the walk', async () => {
    const made = await createSource(configWith({ source: { scenario: 'healthy', seed: 4 } }), quietLog, {
      speed: 50,
      durationS: 5,
    });
    if (!made.ok) throw new Error(made.error);
    expect(made.source.kind).toBe('sim');
    expect(made.source.sensors.map((s) => s.location)).toEqual(['left_shank', 'right_shank', 'waist']);
    expect(made.session.label).toBe('simulated walker: healthy, seed 4');
    const { got, out, done } = recorder();
    await made.source.start(out);
    await done;
    await made.source.stop();
    // 5 s × 100 Hz / 5 samples per packet × 3 sensors, less radio loss.
    expect(got.notifications.length).toBeGreaterThan(250);
    expect(got.notifications.length).toBeLessThanOrEqual(300);
    expect(got.connections.slice(0, 3)).toEqual([true, true, true]);
  });

  it('replay: the recording as time-ordered chunks with its wearer, and no back channel', async () => {
    const dir = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');
    const made = await createSource(configWith({ source: { kind: 'replay', recording: dir } }), quietLog, {
      speed: 'max',
    });
    if (!made.ok) throw new Error(made.error);
    expect(made.source.sensors).toEqual([{ sensorId: 'replay-waist', location: 'waist' }]);
    expect(made.session.label).toBe(dir);
    // The manifest names the wearer and has no start_time: the session starts when it runs.
    expect(made.session.wearer).toBe('mobgap-HA-001');
    expect(made.session.startedAtMs).toBeUndefined();
    const { got, out, done } = recorder();
    await made.source.start(out);
    await done;
    const t0s = got.chunks.map((c) => c.t0);
    expect(t0s).toEqual([...t0s].sort((a, b) => a - b));
    expect(got.chunks.length).toBeGreaterThan(100);
    const sent = await made.source.control.send('waist', { kind: 'identify' });
    expect(sent.ok).toBe(false);
  });

  it('says what is wrong instead of throwing', async () => {
    const cases: [Record<string, unknown>, Parameters<typeof createSource>[2], RegExp][] = [
      [{ source: { scenario: 'moonwalk' } }, {}, /source\.scenario: .*moonwalk/],
      [{}, { speed: 'max' }, /paced: give a speed factor/],
      [{ source: { kind: 'replay' } }, {}, /needs source\.recording/],
      [{ source: { kind: 'replay', recording: '/nonexistent' } }, {}, /nonexistent/],
    ];
    for (const [flags, request, error] of cases) {
      const made = await createSource(configWith(flags), quietLog, request);
      expect(made.ok).toBe(false);
      expect(!made.ok && made.error).toMatch(error);
    }
  });

  it('replay at a finite speed delivers nothing after stop()', async () => {
    const dir = join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m');
    const made = await createSource(configWith({ source: { kind: 'replay', recording: dir } }), quietLog, { speed: 5 });
    if (!made.ok) throw new Error(made.error);
    const { got, out } = recorder();
    await made.source.start(out);
    await new Promise((r) => setTimeout(r, 300));
    await made.source.stop();
    const seen = got.chunks.length;
    expect(seen).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(got.chunks.length).toBe(seen);
  });
});
