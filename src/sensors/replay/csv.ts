/** Minimal numeric CSV reading for recording files (header row + numeric rows). */

export interface CsvTable {
  readonly header: readonly string[];
  /** Column-major numeric data; a non-numeric cell is NaN. */
  readonly columns: readonly Float64Array[];
  readonly rows: number;
}

export type CsvResult = { ok: true; table: CsvTable } | { ok: false; error: string };

/**
 * Parses a numeric CSV. `required` names the columns that must be present (in any order).
 * Errors name the file, the line and what to do.
 */
export function parseNumericCsv(text: string, file: string, required: readonly string[]): CsvResult {
  const firstNl = text.indexOf('\n');
  const headerLine = (firstNl < 0 ? text : text.slice(0, firstNl)).replace(/\r$/, '').trim();
  if (headerLine === '') return { ok: false, error: `${file}: empty file, expected a header ${required.join(',')}` };
  const header = headerLine.split(',').map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `${file}: missing column(s) ${missing.join(', ')}; header is "${headerLine}", expected ${required.join(',')}`,
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
      for (let i = pos; i <= end; i++) {
        if (i === end || text.charCodeAt(i) === 44) {
          if (col < width) {
            const cell = text.slice(start, i);
            columns[col][row] = cell.trim() === '' ? Number.NaN : Number(cell);
          }
          col++;
          start = i + 1;
        }
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
