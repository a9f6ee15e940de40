import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import type { EventType } from '../../gait/types.ts';
import { LOCATIONS, type Location, type Side } from '../types.ts';
import { column, excerpt, parseNumericCsv } from './csv.ts';

/** The recording format (DESIGN.md "The recording format"). */
const SensorEntry = z.object({
  location: z.enum(LOCATIONS),
  file: z.string().min(1),
  rate_hz: z.number().positive(),
  device: z.string().optional(),
  axes: z.string().optional(),
});

const Regions = z.object({
  left: z.array(z.tuple([z.number(), z.number()])).optional(),
  right: z.array(z.tuple([z.number(), z.number()])).optional(),
});

export const RecordingManifest = z
  .object({
    format: z.literal('gaitd-recording'),
    version: z.literal(1),
    wearer: z.string().default('unknown'),
    start_time: z.string().optional(),
    sensors: z.array(SensorEntry).min(1),
    units: z.object({ t: z.literal('s'), acc: z.string(), gyr: z.literal('rad/s') }).optional(),
    reference: z
      .object({
        events: z.string().optional(),
        event_types: z.array(z.string()).optional(),
        strides: z.string().optional(),
        regions: Regions.optional(),
        turns: z.array(z.tuple([z.number(), z.number()])).optional(),
        system: z.string().optional(),
      })
      .optional(),
  })
  .passthrough();
export type RecordingManifest = z.infer<typeof RecordingManifest>;

export interface SensorSeries {
  readonly location: Location;
  readonly rateHz: number;
  /** Seconds from the recording start; may jump over lost samples. */
  readonly t: Float64Array;
  /** xyz interleaved, m/s². */
  readonly acc: Float32Array;
  /** xyz interleaved, rad/s. */
  readonly gyr: Float32Array;
}

export interface ReferenceEvent {
  readonly t: number;
  readonly side: Side;
  readonly type: EventType;
}

export interface Recording {
  readonly dir: string;
  readonly manifest: RecordingManifest;
  readonly sensors: readonly SensorSeries[];
  readonly events?: readonly ReferenceEvent[];
  readonly regions?: {
    readonly left: readonly (readonly [number, number])[];
    readonly right: readonly (readonly [number, number])[];
  };
  /** Problems that did not stop reading (shown in analysis `quality.warnings`). */
  readonly warnings: readonly string[];
}

export type RecordingResult = { ok: true; recording: Recording } | { ok: false; error: string };

const SENSOR_COLUMNS = ['t', 'ax', 'ay', 'az', 'gx', 'gy', 'gz'] as const;

/** Reads a text file of a recording: regular files only (a FIFO would block forever), BOM dropped. */
async function readText(path: string): Promise<string | { error: string }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      const what = info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO' : 'not a regular file';
      return { error: `${path}: is ${what}; a recording's files must be regular files` };
    }
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read (${code ?? String(err)})` };
  }
}

/**
 * A file named in recording.json, which must stay inside the recording directory: a manifest
 * from elsewhere must not make gaitd read `../../etc/passwd` or an absolute path.
 */
function fileInRecording(dir: string, file: string, field: string): { path: string } | { error: string } {
  const path = resolve(dir, file);
  const rel = relative(resolve(dir), path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    return {
      error: `${join(dir, 'recording.json')}: ${field} "${excerpt(file)}" is outside the recording directory; name a file inside it`,
    };
  }
  return { path };
}

/**
 * The k-th smallest (0-based) of a[0, n), exactly the value sorting would put at k, by Hoare's
 * selection in place (linear time; sorting every row's norm was a third of the parsing time).
 */
function kthSmallest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const x = a[i];
        a[i] = a[j];
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** Reads one sensor CSV, checking time order, NaNs and units. */
export function parseSensorCsv(
  text: string,
  file: string,
  location: Location,
  rateHz: number,
): { ok: true; series: SensorSeries; warnings: string[] } | { ok: false; error: string } {
  const parsed = parseNumericCsv(text, file, SENSOR_COLUMNS);
  if (!parsed.ok) return parsed;
  const { table } = parsed;
  if (table.rows < 2) return { ok: false, error: `${file}: ${table.rows} sample(s); a sensor file needs at least 2` };
  const warnings: string[] = [];
  const t = column(table, 't');
  const cols = SENSOR_COLUMNS.slice(1).map((c) => column(table, c));
  const acc = new Float32Array(table.rows * 3);
  const gyr = new Float32Array(table.rows * 3);
  let nanCells = 0;
  const norms = new Float64Array(table.rows);
  let nNorms = 0;
  for (let i = 0; i < table.rows; i++) {
    if (!Number.isFinite(t[i])) {
      return { ok: false, error: `${file}:${i + 2}: time "t" is not a number; every row needs a time in seconds` };
    }
    if (i > 0 && !(t[i] > t[i - 1])) {
      return {
        ok: false,
        error: `${file}:${i + 2}: time goes from ${t[i - 1]} to ${t[i]} s; "t" must increase strictly (sort the file or drop duplicate rows)`,
      };
    }
    for (let k = 0; k < 3; k++) {
      const a = cols[k][i];
      const g = cols[k + 3][i];
      if (!Number.isFinite(a) || !Number.isFinite(g)) nanCells++;
      acc[i * 3 + k] = a;
      gyr[i * 3 + k] = g;
    }
    const ax = acc[i * 3];
    const ay = acc[i * 3 + 1];
    const az = acc[i * 3 + 2];
    const norm = Math.sqrt(ax * ax + ay * ay + az * az);
    if (Number.isFinite(norm)) norms[nNorms++] = norm;
  }
  if (nanCells > 0) {
    warnings.push(`${file}: ${nanCells} empty or non-numeric sample value(s); they are treated as missing data`);
  }
  // The median magnitude is about gravity whether standing or walking; in g it is about 1.
  const medianNorm = nNorms > 0 ? kthSmallest(norms, nNorms, nNorms >> 1) : Number.NaN;
  if (medianNorm > 0.5 && medianNorm < 2) {
    return {
      ok: false,
      error: `${file}: median acceleration magnitude is ${medianNorm.toFixed(2)}, which looks like g, not m/s²; multiply ax,ay,az by 9.80665`,
    };
  }
  if (!(medianNorm > 5 && medianNorm < 20)) {
    warnings.push(
      `${file}: median acceleration magnitude ${medianNorm.toFixed(2)} m/s² is far from gravity (9.81); check units`,
    );
  }
  return { ok: true, series: { location, rateHz, t, acc, gyr }, warnings };
}

function parseEventsCsv(
  text: string,
  file: string,
): { ok: true; events: ReferenceEvent[] } | { ok: false; error: string } {
  const events: ReferenceEvent[] = [];
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split(',').map((s) => s.trim()) ?? [];
  const it = header.indexOf('t');
  const is = header.indexOf('side');
  const ity = header.indexOf('type');
  if (it < 0 || is < 0 || ity < 0)
    return { ok: false, error: `${file}: header must be t,side,type; got "${excerpt(lines[0] ?? '')}"` };
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((s) => s.trim());
    const t = Number(cells[it]);
    const side = cells[is];
    const type = cells[ity];
    if (!Number.isFinite(t) || (side !== 'left' && side !== 'right') || (type !== 'IC' && type !== 'FC')) {
      return {
        ok: false,
        error: `${file}:${i + 1}: expected t (seconds), side (left|right), type (IC|FC); got "${excerpt(lines[i])}"`,
      };
    }
    events.push({ t, side, type });
  }
  events.sort((a, b) => a.t - b.t);
  return { ok: true, events };
}

/**
 * Sensors whose time ranges share no instant cannot be analysed together (a stride needs both
 * legs, trunk metrics the waist and the legs): usually one file counts t from another origin.
 */
function overlapWarnings(entries: readonly { file: string }[], sensors: readonly SensorSeries[]): string[] {
  const span = (s: SensorSeries) => [s.t[0], s.t[s.t.length - 1]] as const;
  const apart: string[] = [];
  for (let i = 0; i < sensors.length; i++) {
    for (let j = i + 1; j < sensors.length; j++) {
      const [a0, a1] = span(sensors[i]);
      const [b0, b1] = span(sensors[j]);
      if (a1 < b0 || b1 < a0) {
        apart.push(
          `${entries[i].file} (${a0.toFixed(1)}–${a1.toFixed(1)} s) and ${entries[j].file} (${b0.toFixed(1)}–${b1.toFixed(1)} s)`,
        );
      }
    }
  }
  if (apart.length === 0) return [];
  return [
    `sensor time ranges do not overlap: ${apart.join('; ')}; the analysis combines sensors by time, so nothing is measured across them (check that every file's t counts from the same start)`,
  ];
}

/** Reads a recording directory. Never throws for bad input: errors are values. */
export async function readRecording(dir: string): Promise<RecordingResult> {
  const manifestPath = join(dir, 'recording.json');
  const manifestText = await readText(manifestPath);
  if (typeof manifestText !== 'string')
    return { ok: false, error: `${manifestText.error} (is ${dir} a gaitd recording?)` };
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch (err) {
    return { ok: false, error: `${manifestPath}: not valid JSON (${(err as Error).message})` };
  }
  const parsedManifest = RecordingManifest.safeParse(json);
  if (!parsedManifest.success) {
    const issue = parsedManifest.error.issues[0];
    return { ok: false, error: `${manifestPath}: ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const manifest = parsedManifest.data;
  const warnings: string[] = [];
  const sensors: SensorSeries[] = [];
  const seen = new Set<Location>();
  for (const [i, entry] of manifest.sensors.entries()) {
    if (seen.has(entry.location))
      return { ok: false, error: `${manifestPath}: location ${entry.location} listed twice` };
    seen.add(entry.location);
    const inside = fileInRecording(dir, entry.file, `sensors.${i}.file`);
    if ('error' in inside) return { ok: false, error: inside.error };
    const path = inside.path;
    const text = await readText(path);
    if (typeof text !== 'string') return { ok: false, error: text.error };
    const parsed = parseSensorCsv(text, path, entry.location, entry.rate_hz);
    if (!parsed.ok) return parsed;
    warnings.push(...parsed.warnings);
    sensors.push(parsed.series);
  }
  let events: ReferenceEvent[] | undefined;
  warnings.push(...overlapWarnings(manifest.sensors, sensors));
  if (manifest.reference?.events) {
    const inside = fileInRecording(dir, manifest.reference.events, 'reference.events');
    if ('error' in inside) return { ok: false, error: inside.error };
    const path = inside.path;
    const text = await readText(path);
    if (typeof text !== 'string') return { ok: false, error: text.error };
    const parsed = parseEventsCsv(text, path);
    if (!parsed.ok) return parsed;
    events = parsed.events;
  }
  const r = manifest.reference?.regions;
  const regions = r ? { left: r.left ?? [], right: r.right ?? [] } : undefined;
  return { ok: true, recording: { dir, manifest, sensors, events, regions, warnings } };
}

/** The header of every sensor CSV gaitd writes. */
export const SENSOR_CSV_HEADER = 't,ax,ay,az,gx,gy,gz';

/** One sensor CSV row as gaitd writes it (acc and gyr already float32, as in SensorSeries). */
export function sensorCsvRow(t: number, acc: ArrayLike<number>, gyr: ArrayLike<number>, j: number): string {
  return `${t.toFixed(4)},${acc[j].toFixed(5)},${acc[j + 1].toFixed(5)},${acc[j + 2].toFixed(5)},${gyr[j].toFixed(6)},${gyr[j + 1].toFixed(6)},${gyr[j + 2].toFixed(6)}`;
}

function formatSensorCsv(series: SensorSeries): string {
  const lines: string[] = [SENSOR_CSV_HEADER];
  const n = series.t.length;
  for (let i = 0; i < n; i++) lines.push(sensorCsvRow(series.t[i], series.acc, series.gyr, i * 3));
  return `${lines.join('\n')}\n`;
}

export interface WriteRecordingInput {
  readonly wearer: string;
  readonly startTime?: string;
  readonly sensors: readonly (SensorSeries & { readonly device?: string })[];
  readonly events?: readonly ReferenceEvent[];
  /** Extra CSV files (e.g. reference strides), name → content. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  readonly reference?: Partial<NonNullable<RecordingManifest['reference']>>;
  readonly source?: Record<string, unknown>;
}

/** What a recording's manifest says about its sensors (the samples themselves may be streamed). */
export interface SensorEntryInput {
  readonly location: Location;
  readonly rateHz: number;
  readonly device?: string;
}

/** The recording.json document for what writeRecording (or a streaming writer) puts beside it. */
export function recordingManifestFor(
  input: Omit<WriteRecordingInput, 'sensors' | 'extraFiles'>,
  sensors: readonly SensorEntryInput[],
): Record<string, unknown> {
  const manifest: Record<string, unknown> = {
    format: 'gaitd-recording',
    version: 1,
    wearer: input.wearer,
    ...(input.startTime ? { start_time: input.startTime } : {}),
    sensors: sensors.map((s) => ({
      location: s.location,
      file: `${s.location}.csv`,
      rate_hz: s.rateHz,
      ...(s.device ? { device: s.device } : {}),
    })),
    units: { t: 's', acc: 'm/s^2', gyr: 'rad/s' },
  };
  if (input.events) manifest.reference = { events: 'events.csv', event_types: ['IC', 'FC'], ...input.reference };
  if (input.source) manifest.source = input.source;
  return manifest;
}

export function eventsCsv(events: readonly ReferenceEvent[]): string {
  const lines = ['t,side,type', ...events.map((e) => `${e.t.toFixed(4)},${e.side},${e.type}`)];
  return `${lines.join('\n')}\n`;
}

/**
 * Writes a recording directory (creating it). recording.json is written last, so a directory
 * left by a failed or interrupted write never looks like a complete recording. Throws on I/O
 * errors; callers turn them into messages.
 */
export async function writeRecording(dir: string, input: WriteRecordingInput): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (input.events) await writeFile(join(dir, 'events.csv'), eventsCsv(input.events));
  for (const s of input.sensors) await writeFile(join(dir, `${s.location}.csv`), formatSensorCsv(s));
  for (const [name, content] of Object.entries(input.extraFiles ?? {})) await writeFile(join(dir, name), content);
  const manifest = recordingManifestFor(input, input.sensors);
  await writeFile(join(dir, 'recording.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
