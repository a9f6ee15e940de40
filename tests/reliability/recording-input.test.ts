/**
 * Issue 12 item 13 (recording input): a BOM in recording.json, bare-CR CSVs, sensor files outside
 * the recording, FIFOs, and sensors whose time ranges never overlap.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseNumericCsv } from '../../src/sensors/replay/csv.ts';
import { readRecording } from '../../src/sensors/replay/recording.ts';
import { FIXTURE_RECORDINGS } from '../helpers/data.ts';

const FIXTURE = join(FIXTURE_RECORDINGS, 'mobgap-HA-001-Test5-Trial1');
/** Error messages quote at most this much of the input (plus the file path and the advice). */
const MAX_ERROR_CHARS = 400;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gaitd-rel-input-'));
});

async function copy(name: string, from = FIXTURE): Promise<string> {
  const dir = join(work, name);
  await cp(from, dir, { recursive: true });
  return dir;
}

async function editManifest(dir: string, edit: (m: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, 'recording.json');
  const manifest = JSON.parse(await readFile(path, 'utf8'));
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest));
}

async function errorOf(dir: string): Promise<string> {
  const read = await readRecording(dir);
  if (read.ok) throw new Error(`${dir} was read without error`);
  return read.error;
}

describe('item 13: recording input', () => {
  it('item 13: a UTF-8 BOM in recording.json is accepted, as in the CSVs', async () => {
    const dir = await copy('bom');
    const path = join(dir, 'recording.json');
    await writeFile(path, `\uFEFF${await readFile(path, 'utf8')}`);
    const read = await readRecording(dir);
    expect(read.ok ? read.recording.sensors.length : read.error).toBeGreaterThan(0);
  });

  it('item 13: a CSV with bare-CR line endings gets a short error that says so, not the whole file', async () => {
    const dir = await copy('bare-cr');
    const path = join(dir, 'waist.csv');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/\r?\n/g, '\r'));
    const error = await errorOf(dir);
    expect(error).toMatch(/waist\.csv: lines end in a bare CR/);
    expect(error.length).toBeLessThan(MAX_ERROR_CHARS);
  });

  it('item 13: a sensor file of ../../etc/passwd (or an absolute path) is refused without reading it', async () => {
    const dir = await copy('escape');
    for (const file of ['../../etc/passwd', '/etc/passwd', '.']) {
      await editManifest(dir, (m) => {
        (m.sensors as { file: string }[])[0].file = file;
      });
      expect(await errorOf(dir)).toMatch(/sensors\.0\.file ".*" is outside the recording directory/);
    }
    await editManifest(dir, (m) => {
      (m.sensors as { file: string }[])[0].file = 'waist.csv';
      m.reference = { events: '../../../etc/passwd' };
    });
    expect(await errorOf(dir)).toMatch(/reference\.events ".*" is outside the recording directory/);
  });

  it('item 13: a FIFO as a sensor file is refused at once instead of hanging', async () => {
    const dir = await copy('fifo');
    await editManifest(dir, (m) => {
      (m.sensors as { file: string }[])[0].file = 'pipe.csv';
    });
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timed out'), 5000).unref());
    const error = await Promise.race([errorOf(dir), timeout]);
    expect(error).toMatch(/pipe\.csv: is a FIFO; a recording's files must be regular files/);
  });

  it('item 13: sensors whose time ranges do not overlap at all are reported', async () => {
    const dir = await copy('apart', join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m'));
    const read = await readRecording(dir);
    if (!read.ok) throw new Error(read.error);
    expect(read.recording.warnings.join('\n')).not.toMatch(/do not overlap/);
    const right = read.recording.manifest.sensors.find((s) => s.location === 'right_foot')!;
    const path = join(dir, right.file);
    const lines = (await readFile(path, 'utf8')).split('\n');
    const shifted = lines.map((line, i) => {
      if (i === 0 || line === '') return line;
      const comma = line.indexOf(',');
      return `${(Number(line.slice(0, comma)) + 10_000).toFixed(4)}${line.slice(comma)}`;
    });
    await writeFile(path, shifted.join('\n'));
    const moved = await readRecording(dir);
    if (!moved.ok) throw new Error(moved.error);
    expect(moved.recording.warnings.join('\n')).toMatch(/sensor time ranges do not overlap: .*right_foot/);
  });

  it('item 13: parseNumericCsv never throws and quotes at most a short excerpt of any input (property)', () => {
    const cell = fc.constantFrom('1', '.', ',', '-', 'a', ' ', '\r', 't', 'x', 'e', '9');
    const line = fc.string({ unit: cell, maxLength: 40 });
    // Short headers, and long ones (a whole file on one line, as bare-CR endings make it).
    const header = fc.oneof(line, fc.string({ unit: cell, minLength: 300, maxLength: 3000 }));
    const separator = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(header, fc.array(line, { maxLength: 6 }), separator, (head, lines, sep) => {
        const text = [head, ...lines].join(sep);
        const result = parseNumericCsv(text, 'f.csv', ['t', 'x']);
        if (!result.ok) expect(result.error.length).toBeLessThan(MAX_ERROR_CHARS);
        else expect(result.table.columns).toHaveLength(result.table.header.length);
      }),
      { numRuns: 500 },
    );
  });
});
