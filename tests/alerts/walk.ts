import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { analyzeGait } from '../../src/pipeline/analyze-gait.ts';
import { createDefaultKit } from '../../src/pipeline/default-kit.ts';
import { createGaitAnalyzer } from '../../src/pipeline/gait-analyzer.ts';
import type { GaitResult } from '../../src/pipeline/results.ts';
import { OFFLINE_WINDOWING } from '../../src/pipeline/windowed-detector.ts';
import { readRecording, writeRecording } from '../../src/sensors/replay/recording.ts';
import { replaySource } from '../../src/sensors/replay/source.ts';
import { simulateRecording } from '../../src/sensors/sim/recording.ts';

/**
 * The result stream of a simulated walk through the real analysis (walker → recording → replay →
 * analysis operators), as the daemon would hand it to the alerting.
 */
export async function walkResults(scenario: string, seed: number, durationS: number): Promise<GaitResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-alert-walk-'));
  try {
    await writeRecording(dir, simulateRecording({ scenario, seed, durationS }));
    const read = await readRecording(dir);
    if (!read.ok) throw new Error(read.error);
    const analyzer = createGaitAnalyzer({ kit: createDefaultKit(), windowing: OFFLINE_WINDOWING });
    return await lastValueFrom(replaySource(read.recording, { chunkS: 1 }).pipe(analyzeGait(analyzer), toArray()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
