import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/daemon/contract.ts';
import { createGaitd } from '../../src/daemon/gaitd.ts';
import type { Stride } from '../../src/gait/types.ts';
import { analyzeGait } from '../../src/pipeline/analyze-gait.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../../src/pipeline/gait-analyzer.ts';
import { LIVE_WINDOWING } from '../../src/pipeline/windowed-detector.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { createReplaySensorSource, replaySource } from '../../src/sensors/replay/source.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';
import { cleanupDirs, configWith, quietLog, tempDataDir } from './helpers.ts';

afterAll(cleanupDirs);

/** The strides the replay command found before the daemon: the live analyzer over 0.1-s chunks, synchronously. */
async function stridesWithoutDaemon(dir: string, wearer: string): Promise<Stride[]> {
  const read = await readRecording(dir);
  if (!read.ok) throw new Error(read.error);
  const analyzer = createGaitAnalyzer({ kit: createDefaultKit({ wearer }), windowing: LIVE_WINDOWING });
  const results = await lastValueFrom(
    replaySource(read.recording, { chunkS: 0.1 }).pipe(analyzeGait(analyzer), toArray()),
  );
  return results.flatMap((r) => (r.kind === 'stride' ? [r.stride] : []));
}

describe.each(['gaitmap-healthy_2x20m', 'mobgap-HA-001-Test11-Trial1'])('replay of %s through the daemon', (name) => {
  it('finds the same strides as the analysis without the daemon, and stores them', async () => {
    const dir = join(FIXTURE_RECORDINGS, name);
    const daemon = createGaitd(configWith({ dataDir: tempDataDir(), source: { kind: 'replay', recording: dir } }), {
      log: quietLog,
      api: false,
      speed: 'max',
      session: { id: `replay ${name}`, wearer: 'w' },
    });
    const events: LiveEvent[] = [];
    daemon.live.subscribe((e) => events.push(e));
    await daemon.start();
    await daemon.finished;
    const report = await daemon.shutdown();
    const viaDaemon = events.flatMap((e) =>
      e.type === 'result' && e.result.kind === 'stride' ? [e.result.stride] : [],
    );
    const direct = await stridesWithoutDaemon(dir, 'w');
    expect(direct.length).toBeGreaterThan(5);
    expect(viaDaemon).toEqual(direct);
    const [summary] = daemon.sessions();
    expect(summary.session).toMatchObject({ id: `replay ${name}`, wearer: 'w', source: 'replay' });
    expect(summary.strides).toBe(direct.length);
    expect(report.journal).toMatchObject({ state: 'ok', pendingResults: 0, storedResults: summary.results });
  });
});

describe('a finite source the daemon did not build itself', () => {
  it('makes one session and finishes, whatever source.kind the config names', async () => {
    const read = await readRecording(join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1'));
    if (!read.ok) throw new Error(read.error);
    const recording = read.recording;
    // The config says "sim" (the default), which walks walk after walk; a recording has one end.
    const daemon = createGaitd(configWith({ dataDir: tempDataDir() }), {
      log: quietLog,
      api: false,
      storage: false,
      createSource: async () => ({
        ok: true,
        source: createReplaySensorSource(recording, { speed: 'max' }),
        session: { label: 'injected' },
      }),
    });
    await daemon.start();
    await daemon.finished;
    await daemon.stop();
    expect(daemon.sessions().map((s) => s.session.source)).toEqual(['replay']);
  });
});
