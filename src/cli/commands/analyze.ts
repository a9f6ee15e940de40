/**
 * `gaitd analyze <recording-dir>`: the offline analysis of one recording through the same
 * pipeline as live; writes the analysis JSON (docs/analysis-output.md) and/or the HTML report.
 */
import { writeFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import type { AnalysisOutput } from '../../pipeline/analysis-result.ts';
import { analyzeRecording } from '../../pipeline/analyze.ts';
import { renderReport, reportSignalsFromRecording } from '../../report/index.ts';
import { readRecording } from '../../sensors/replay/recording.ts';
import { checkOutputFile } from '../output-file.ts';

interface AnalyzeFlags {
  json?: string;
  report?: string;
  baseline?: string;
  progress?: boolean;
  force?: boolean;
}

/** A progress bar is worth drawing on a terminal, or in a log for a recording this long, s. */
const LONG_RECORDING_S = 600;

async function writeOut(flag: string, path: string, content: string): Promise<void> {
  if (path === '-') {
    process.stdout.write(content);
    return;
  }
  try {
    await writeFile(path, content);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new UserError(`${flag} ${path}: cannot write the file (${code}); choose a writable path`);
  }
}

const fmt = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));

/** The few lines printed when neither --json nor --report asks for a file. */
export function summaryText(output: AnalysisOutput): string {
  const s = output.summary;
  const lines = [
    `${output.recording.dir}: ${output.recording.duration_s.toFixed(1)} s, sensors ${output.recording.sensors.join(', ')}`,
    `strides: left ${s.n_strides.left}, right ${s.n_strides.right}; cadence ${fmt(s.cadence_spm, 1)} steps/min`,
    `stride time s: left ${fmt(s.stride_time_s.left, 3)}, right ${fmt(s.stride_time_s.right, 3)}`,
    `stance time s: left ${fmt(s.stance_time_s.left, 3)}, right ${fmt(s.stance_time_s.right, 3)}`,
    `symmetry index %: ${
      Object.entries(s.si)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ') || '–'
    }`,
    `assessment: ${s.assessment.pattern}${s.assessment.side === 'none' ? '' : ` (${s.assessment.side})`}, severity ${s.assessment.severity.toFixed(2)}, confidence ${s.assessment.confidence.toFixed(2)}`,
    `  ${s.assessment.disclaimer}`,
    ...output.quality.warnings.map((w) => `warning: ${w}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('Analyse a recording: events, strides, trunk, asymmetry and compensation assessment')
    .argument('<recording-dir>', 'a gaitd recording directory (recording.json + one CSV per sensor)')
    .option('--json <file>', 'write the analysis JSON (docs/analysis-output.md) to this file, - for stdout')
    .option('--report <file>', 'write a self-contained HTML report to this file')
    .option(
      '--baseline <file>',
      "the wearer's baseline (from gaitd baseline); otherwise learned from the first strides",
    )
    .option('--no-progress', 'never draw the progress bar')
    .option('--force', 'replace --json / --report files that exist')
    .action(async (dir: string, flags: AnalyzeFlags) => {
      // Checked before the analysis, which can take minutes; never into the recording itself.
      for (const [flag, path] of [
        ['--json', flags.json],
        ['--report', flags.report],
      ] as const) {
        if (path !== undefined && path !== '-') checkOutputFile(flag, path, { force: flags.force, notInside: [dir] });
      }
      let bar: SingleBar | undefined;
      const output = await analyzeRecording(dir, {
        baseline: flags.baseline,
        onProgress(doneS, totalS) {
          if (!bar && flags.progress !== false && (process.stderr.isTTY || totalS >= LONG_RECORDING_S)) {
            bar = new SingleBar({
              stream: process.stderr,
              format: 'analyze [{bar}] {percentage}% | {value}/{total} s of recording',
              noTTYOutput: !process.stderr.isTTY,
              notTTYSchedule: 5000,
              hideCursor: true,
            });
            bar.start(Math.round(totalS), 0);
          }
          bar?.update(Math.round(doneS));
        },
      }).finally(() => bar?.stop());
      if (flags.json) await writeOut('--json', flags.json, `${JSON.stringify(output, null, 2)}\n`);
      if (flags.report) {
        const read = await readRecording(dir);
        const signals = read.ok ? reportSignalsFromRecording(read.recording) : undefined;
        await writeOut('--report', flags.report, renderReport(output, signals));
      }
      if (!flags.json && !flags.report) process.stdout.write(summaryText(output));
      else for (const w of output.quality.warnings) process.stderr.write(`gaitd: warning: ${w}\n`);
    });
}
