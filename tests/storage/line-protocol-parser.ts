/**
 * An independent reader of line protocol written from the InfluxDB 1.x/2.x parser rules (models/points.go,
 * pkg/escape): a backslash makes the tokenizer skip the next byte; in measurement, tag keys, tag values and
 * field keys only `\,` `\=` `\ ` are un-escaped (other backslashes stay); in string field values `\"` and
 * `\\` are un-escaped. Used to check our serializer, not by it.
 */
export interface ParsedLine {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number | string>;
  timestamp: string;
}

function unescapeName(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length && ',= '.includes(s[i + 1])) {
      out += s[i + 1];
      i++;
    } else out += s[i];
  }
  return out;
}

/** Splits on `sep` outside escapes (and outside double quotes when `quotes`). */
function splitUnescaped(s: string, sep: string, quotes: boolean): string[] {
  const parts: string[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (quotes && c === '"') inQuote = !inQuote;
    else if (c === sep && !inQuote) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function firstUnescaped(s: string, sep: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === sep) return i;
  }
  return -1;
}

export function parseLine(line: string): ParsedLine {
  if (line.includes('\n')) throw new Error('a line must not contain a newline');
  const sections = splitUnescaped(line, ' ', true);
  if (sections.length !== 3) throw new Error(`expected 3 space-separated sections, got ${sections.length}: ${line}`);
  const [head, fieldText, timestamp] = sections;
  if (!/^-?\d+$/.test(timestamp)) throw new Error(`bad timestamp ${timestamp}`);
  const headParts = splitUnescaped(head, ',', false);
  const measurement = unescapeName(headParts[0]);
  if (measurement === '') throw new Error('empty measurement');
  // Null prototype: a tag or field may be called "__proto__".
  const tags: Record<string, string> = Object.create(null);
  for (const pair of headParts.slice(1)) {
    const eq = firstUnescaped(pair, '=');
    if (eq <= 0 || eq === pair.length - 1) throw new Error(`bad tag ${pair}`);
    tags[unescapeName(pair.slice(0, eq))] = unescapeName(pair.slice(eq + 1));
  }
  const fields: Record<string, number | string> = Object.create(null);
  for (const pair of splitUnescaped(fieldText, ',', true)) {
    const eq = firstUnescaped(pair, '=');
    if (eq <= 0) throw new Error(`bad field ${pair}`);
    const key = unescapeName(pair.slice(0, eq));
    const raw = pair.slice(eq + 1);
    if (raw.startsWith('"')) {
      if (!raw.endsWith('"') || raw.length < 2) throw new Error(`unterminated string ${raw}`);
      fields[key] = raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
    } else {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) throw new Error(`bad float ${raw}`);
      fields[key] = Number(raw);
    }
  }
  return { measurement, tags, fields, timestamp };
}
