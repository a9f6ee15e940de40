/**
 * InfluxDB line protocol serialization (https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/).
 *
 * Escaping follows the 1.x/2.x parsers: in measurement names commas and spaces are escaped; in tag keys,
 * tag values and field keys commas, equals signs and spaces; in string field values double quotes and
 * backslashes. Two things cannot be written faithfully by any escaping, because the servers' tokenizer
 * skips the byte after every backslash but only un-escapes `\,` `\=` `\ ` (so a literal backslash before one
 * of those, or at the end, would be misread), and because a newline ends the line. So names are normalized
 * first (`normalizeName`): control characters become spaces and backslashes become `/`; an empty value
 * becomes `_` (InfluxDB drops empty tags). Everything else — spaces, commas, equals signs, quotes, any
 * Unicode — round-trips exactly (tests/storage/line-protocol.test.ts checks this with a parser).
 */

export interface Point {
  readonly measurement: string;
  /** Tag key → value, written in this order (give them sorted by key: InfluxDB's preferred order). */
  readonly tags: Readonly<Record<string, string>>;
  /** Numbers become float fields (non-finite ones are left out); strings become string fields. */
  readonly fields: Readonly<Record<string, number | string>>;
  /** Unix time in microseconds (an integer below 2^53, so exact; written as nanoseconds). */
  readonly timeUs: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what we replace
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** What a tag value, tag key or field key is turned into before escaping (see the file comment). */
export function normalizeName(value: string): string {
  const s = value.replace(CONTROL, ' ').replace(/\\/g, '/');
  return s === '' ? '_' : s;
}

// The same few names (measurement, field keys, wearer, session, side) are escaped over and over:
// caching them saves the regular expressions (about +40 % lines/s measured, with tags pre-sorted by pointOf).
const escapedNames = new Map<string, string>();
const escapedMeasurements = new Map<string, string>();
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what needs work
const NEEDS_WORK = /[\u0000-\u001f\u007f\\,= ]/;

function cached(value: string, escapeName: (v: string) => string): string {
  const hit = escapedNames.get(value);
  if (hit !== undefined) return hit;
  const escaped = escapeName(value);
  if (escapedNames.size > 10_000) escapedNames.clear();
  escapedNames.set(value, escaped);
  return escaped;
}

export function escapeMeasurement(name: string): string {
  return normalizeName(name).replace(/[, ]/g, (c) => `\\${c}`);
}

export function escapeKeyOrTag(value: string): string {
  if (value !== '' && !NEEDS_WORK.test(value)) return value;
  return cached(value, (v) => normalizeName(v).replace(/[,= ]/g, (c) => `\\${c}`));
}

export function escapeStringField(value: string): string {
  // Newlines in string fields are accepted by some servers and not others; spaces are safe everywhere.
  return `"${value.replace(/[\r\n]/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Float field text. Nine decimals (nanosecond, nano-radian resolution, far below any sensor's) for
 * magnitudes from 1e-3 to 1e15: toFixed is ~3× faster than the shortest round-trip form and float
 * formatting is the largest cost of serializing a point. Outside that range, the shortest round-trip
 * form (e.g. `1e-7`, valid line protocol). The journal keeps full precision either way.
 */
export function formatFloat(v: number): string {
  const magnitude = Math.abs(v);
  return magnitude >= 1e-3 && magnitude < 1e15 ? v.toFixed(9) : String(v);
}

/**
 * One point as a line, or undefined when it has no writable field (InfluxDB rejects such a line).
 * Tags and fields are written in the order given (pointOf gives tags sorted by key, as InfluxDB prefers).
 */
export function toLine(point: Point): string | undefined {
  let fields = '';
  for (const key in point.fields) {
    const v = point.fields[key];
    let encoded: string;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) continue;
      encoded = formatFloat(v);
    } else {
      encoded = escapeStringField(v);
    }
    fields += `${fields === '' ? '' : ','}${escapeKeyOrTag(key)}=${encoded}`;
  }
  if (fields === '') return undefined;
  let head = escapedMeasurements.get(point.measurement);
  if (head === undefined) {
    head = escapeMeasurement(point.measurement);
    if (escapedMeasurements.size < 100) escapedMeasurements.set(point.measurement, head);
  }
  for (const key in point.tags) head += `,${escapeKeyOrTag(key)}=${escapeKeyOrTag(point.tags[key])}`;
  if (!Number.isSafeInteger(point.timeUs))
    throw new Error(`line protocol: time ${point.timeUs} µs is not a safe integer`);
  return `${head} ${fields} ${point.timeUs}000`;
}
