/** Minimal numeric CSV reading for recording files (header row + numeric rows). */

export interface CsvTable {
  readonly header: readonly string[];
  /** Column-major numeric data; a non-numeric cell is NaN. */
  readonly columns: readonly Float64Array[];
  readonly rows: number;
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; error: string };

/** Longest piece of a file echoed in an error message, characters. */
const MAX_EXCERPT = 80;

/** A line of input cut to a length an error message can carry, control characters shown. */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  const shown = JSON.stringify(text.length > max ? text.slice(0, max) : text).slice(1, -1);
  return text.length > max ? `${shown}… (${text.length} characters)` : shown;
}

/** Exact powers of ten: 10^k is a double without rounding up to k = 22. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Digits below 10^15 < 2^53 make an exact integer mantissa. */
const MAX_FAST_DIGITS = 15;

/** The value of the cell scanCell last read (a module variable: no object per cell). */
let cellValue = Number.NaN;

/**
 * Reads the cell starting at `start` (ending at the next comma or at `end`), sets cellValue and
 * returns the cell's end. Plain decimals ("-12.345") with at most 15 digits take the fast path:
 * an exact integer mantissa divided by an exact power of ten is correctly rounded, so it is the
 * same double as Number(cell). Anything else (exponents, spaces, long digit strings, text) goes
 * through Number(), with an empty cell read as NaN, as before.
 */
function scanCell(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && text.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else break;
  }
  if (i === end || text.charCodeAt(i) === 44) {
    if (digits > 0 && digits <= MAX_FAST_DIGITS) {
      const v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
      cellValue = negative ? -v : v;
      return i;
    }
  }
  let cellEnd = text.indexOf(',', i);
  if (cellEnd < 0 || cellEnd > end) cellEnd = end;
  const cell = text.slice(start, cellEnd);
  cellValue = cell.trim() === '' ? Number.NaN : Number(cell);
  return cellEnd;
}

/**
 * Parses a numeric CSV. `required` names the columns that must be present (in any order).
 * Errors name the file, the line and what to do.
 */
export function parseNumericCsv(text: string, file: string, required: readonly string[]): CsvResult {
  const firstNl = text.indexOf('\n');
  const headerLine = (firstNl < 0 ? text : text.slice(0, firstNl)).replace(/\r$/, '').trim();
  if (headerLine === '') return { ok: false, error: `${file}: empty file, expected a header ${required.join(',')}` };
  if (headerLine.includes('\r')) {
    return {
      ok: false,
      error: `${file}: lines end in a bare CR (classic Mac line endings); convert the file to LF or CRLF line endings`,
    };
  }
  const header = headerLine.split(',').map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `${file}: missing column(s) ${missing.join(', ')}; header is "${excerpt(headerLine)}", expected ${required.join(',')}`,
    };
  }
  const width = header.length;
  // Count lines first so the columns are allocated once.
  let lineCount = 0;
  for (let i = firstNl + 1; i < text.length && firstNl >= 0; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    if (end > i && !(end === i + 1 && text.charCodeAt(i) === 13)) lineCount++;
    i = end + 1;
  }
  const columns = Array.from({ length: width }, () => new Float64Array(lineCount));
  let row = 0;
  let pos = firstNl < 0 ? text.length : firstNl + 1;
  let lineNo = 1;
  while (pos < text.length) {
    lineNo++;
    const nl = text.indexOf('\n', pos);
    let end = nl < 0 ? text.length : nl;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    if (end > pos) {
      let col = 0;
      let start = pos;
      while (start <= end) {
        const cellEnd = scanCell(text, start, end);
        if (col < width) columns[col][row] = cellValue;
        col++;
        start = cellEnd + 1;
      }
      if (col !== width) {
        return { ok: false, error: `${file}:${lineNo}: ${col} cells, the header has ${width}` };
      }
      row++;
    }
    pos = (nl < 0 ? text.length : nl) + 1;
  }
  return { ok: true, table: { header, columns, rows: row } };
}

export function column(table: CsvTable, name: string): Float64Array {
  const i = table.header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} not in table`);
  return table.columns[i];
}
