/**
 * `npm run bench`: runs every bench/*.bench.ts (each default-exports `run(): Promise<BenchRow[]>`)
 * and prints one table of figures with their targets and ratios.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Target value; `higherIsBetter` says which way it points. */
  readonly target?: number;
  readonly higherIsBetter?: boolean;
  readonly note?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows: (BenchRow & { file: string })[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file} …\n`);
  const mod = (await import(join(here, file))) as { default: () => Promise<BenchRow[]> };
  for (const row of await mod.default()) {
    rows.push({ ...row, file });
    process.stderr.write(`  ${row.name}: ${fmt(row.value)} ${row.unit}\n`);
  }
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(4);
}

const header = ['benchmark', 'value', 'unit', 'target', 'ratio', 'ok'];
const table = rows.map((r) => {
  let ratio = '';
  let ok = '';
  if (r.target !== undefined) {
    const x = r.higherIsBetter === false ? r.target / r.value : r.value / r.target;
    ratio = `${x.toFixed(2)}×`;
    ok = x >= 1 ? 'yes' : 'NO';
  }
  return [r.name, fmt(r.value), r.unit, r.target === undefined ? '' : fmt(r.target), ratio, ok];
});
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
