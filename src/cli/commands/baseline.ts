/**
 * `gaitd baseline <recording-dir> --out baseline.json`: analyses a walk and saves the wearer's
 * baseline (GAIT.md "Compensation patterns") for later `--baseline` use. `--report` also writes
 * the clinician HTML report of that walk.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseNumberFlag, UserError } from '../../domain/errors.ts';
import { buildBaseline, DEFAULT_BASELINE_STRIDES } from '../../gait/compensation/index.ts';
import type { AsymmetryWindow, Stride, TrunkStride } from '../../gait/types.ts';
import { fromAnalysis } from '../../pipeline/analysis-output.ts';
import type { AnalysisOutput } from '../../pipeline/analysis-result.ts';
import { analyzeLoadedRecording } from '../../pipeline/analyze.ts';
import { renderReport, reportSignalsFromRecording } from '../../report/index.ts';
import { readRecording } from '../../sensors/replay/recording.ts';
import { checkOutputFile } from '../output-file.ts';

interface BaselineFlags {
  out: string;
  strides: string;
  wearer?: string;
  report?: string;
  force?: boolean;
}

/** The analysis document's strides, trunk strides and windows back in the gait/ vocabulary. */
export function gaitResultsOf(output: AnalysisOutput): {
  strides: Stride[];
  trunk: TrunkStride[];
  windows: AsymmetryWindow[];
} {
  return {
    strides: output.strides.map((s) => fromAnalysis<Stride>('stride', s)),
    trunk: output.trunk.map((t) => fromAnalysis<TrunkStride>('trunk', t)),
    windows: output.windows.map((w) => fromAnalysis<AsymmetryWindow>('asymmetry', w)),
  };
}

async function run(dir: string, flags: BaselineFlags): Promise<void> {
  const perSide = parseNumberFlag('--strides', flags.strides, { min: 20, max: 10_000, integer: true });
  checkOutputFile('--out', flags.out, { force: flags.force, notInside: [dir] });
  if (flags.report) checkOutputFile('--report', flags.report, { force: flags.force, notInside: [dir] });
  const read = await readRecording(dir);
  if (!read.ok) throw new UserError(read.error);
  const output = await analyzeLoadedRecording(read.recording);
  // The same data-quality warnings as gaitd analyze and gaitd replay.
  for (const w of output.quality.warnings) process.stderr.write(`gaitd: warning: ${w}\n`);
  const { strides, trunk, windows } = gaitResultsOf(output);
  const built = buildBaseline(strides, trunk, windows, {
    stridesPerSide: perSide,
    wearer: flags.wearer ?? output.recording.wearer,
    source: dir,
  });
  if (!built.ok) throw new UserError(`${dir}: ${built.error}`);
  const b = built.baseline;
  await writeFile(flags.out, `${JSON.stringify(b, null, 2)}\n`).catch((err: NodeJS.ErrnoException) => {
    throw new UserError(`--out ${flags.out}: cannot write (${err.code ?? err.message})`);
  });
  const n = (side: 'left' | 'right') => b.strides[side].strideTime?.n ?? 0;
  const hasWaist = output.recording.sensors.includes('waist');
  const noTrunk = `, no trunk metrics (${hasWaist ? 'the analysis gave none' : 'no waist sensor'}): assessments will use the legs only`;
  const lines = [
    `baseline for ${b.wearer}: ${n('left')} left and ${n('right')} right strides from ${b.tStart.toFixed(1)} to ${b.tEnd.toFixed(1)} s, cadence ${b.cadence.median.toFixed(0)} steps/min${b.staticTilt === null ? noTrunk : ''}`,
    `written to ${flags.out}`,
  ];
  if (flags.report) {
    const html = renderReport(output, reportSignalsFromRecording(read.recording));
    await writeFile(flags.report, html).catch((err: NodeJS.ErrnoException) => {
      throw new UserError(`--report ${flags.report}: cannot write (${err.code ?? err.message})`);
    });
    lines.push(`report written to ${flags.report}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  program
    .command('baseline')
    .description("analyse a walk and save it as the wearer's baseline for compensation assessments")
    .argument('<recording-dir>', 'a gaitd recording directory (a normal walk of at least 20 strides per side)')
    .requiredOption('-o, --out <file>', 'where to write the baseline JSON')
    .option('--strides <n>', 'strides per side taken from the start of the walk', String(DEFAULT_BASELINE_STRIDES))
    .option('--wearer <name>', 'wearer name stored in the baseline (default: from the recording)')
    .option('--report <file.html>', 'also write the clinician HTML report of this walk')
    .option('--force', 'replace --out / --report files that exist')
    .action((dir: string, flags: BaselineFlags) => run(dir, flags));
}
