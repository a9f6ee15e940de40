/**
 * Writes docs/sim-vs-real.svg: stride templates (IC→IC, dominant-axis angular velocity) of the
 * real foot recordings and of the walker's shank and foot sensors, and prints the correlations.
 * Run: npx tsx src/sensors/sim/plot-sim-vs-real.ts [shared-recordings-dir]
 */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecording } from '../replay/recording.ts';
import { simulateRecording } from './recording.ts';
import { correlation, strideTemplate } from './shape-template.ts';
import { FIVE_SENSORS } from './walker.ts';

const POINTS = 101;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = process.argv[2] ?? resolve(root, '../shared/data/recordings');

interface Line {
  readonly label: string;
  readonly values: Float64Array;
  readonly color: string;
  readonly width: number;
  readonly dash?: string;
}

async function realTemplates(): Promise<{ name: string; values: Float64Array }[]> {
  const out: { name: string; values: Float64Array }[] = [];
  const dirs = readdirSync(shared).filter((d) => d.startsWith('voisard-') || d.startsWith('gaitmap-'));
  for (const d of dirs.sort()) {
    const r = await readRecording(join(shared, d));
    if (!r.ok) throw new Error(r.error);
    for (const s of r.recording.sensors) {
      if (!s.location.endsWith('_foot')) continue;
      const side = s.location.startsWith('left') ? 'left' : 'right';
      const ics = (r.recording.events ?? []).filter((e) => e.side === side && e.type === 'IC').map((e) => e.t);
      const regions = r.recording.regions?.[side] ?? [];
      const tpl = strideTemplate({ t: s.t, gyr: s.gyr, initialContacts: ics, regions, points: POINTS });
      if (tpl.strides >= 5) out.push({ name: `${d} ${s.location}`, values: tpl.meanRadPerS });
    }
  }
  return out;
}

function svg(lines: readonly Line[], title: string): string {
  const [w, h, left, right, top, bottom] = [760, 420, 60, 200, 40, 50];
  const all = lines.flatMap((l) => [...l.values]);
  const yMin = Math.floor(Math.min(...all));
  const yMax = Math.ceil(Math.max(...all));
  const x = (i: number) => left + ((w - left - right) * i) / (POINTS - 1);
  const y = (v: number) => top + ((h - top - bottom) * (yMax - v)) / (yMax - yMin);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${title}</text>`,
  ];
  for (let v = yMin; v <= yMax; v++) {
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="${v === 0 ? '#888' : '#eee'}"/>`,
      `<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  }
  for (let p = 0; p <= 100; p += 20) {
    parts.push(`<text x="${x(p)}" y="${h - bottom + 18}" text-anchor="middle">${p}</text>`);
  }
  parts.push(
    `<text x="${(left + w - right) / 2}" y="${h - 12}" text-anchor="middle">% of stride (IC → next IC)</text>`,
    `<text transform="translate(16 ${(top + h - bottom) / 2}) rotate(-90)" text-anchor="middle">sagittal angular velocity, rad/s (swing positive)</text>`,
  );
  let legendRow = 0;
  for (const l of lines) {
    const d = [...l.values].map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(
      `<path d="${d}" fill="none" stroke="${l.color}" stroke-width="${l.width}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`,
    );
    if (l.label) {
      const ly = top + 10 + 18 * legendRow++;
      parts.push(
        `<line x1="${w - right + 12}" x2="${w - right + 36}" y1="${ly}" y2="${ly}" stroke="${l.color}" stroke-width="${l.width}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`,
        `<text x="${w - right + 42}" y="${ly + 4}">${l.label}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const real = await realTemplates();
const pooled = new Float64Array(POINTS);
for (const r of real) for (let i = 0; i < POINTS; i++) pooled[i] += r.values[i] / real.length;
const sim = simulateRecording({ scenario: 'healthy', seed: 9, durationS: 150, sensors: FIVE_SENSORS });
const simTemplate = (location: string) => {
  const s = sim.sensors.find((x) => x.location === location)!;
  const side = location.startsWith('left') ? 'left' : 'right';
  const ics = (sim.events ?? []).filter((e) => e.side === side && e.type === 'IC').map((e) => e.t);
  const regions = sim.reference?.regions?.[side] ?? [];
  return strideTemplate({ t: s.t, gyr: s.gyr, initialContacts: ics, regions, points: POINTS }).meanRadPerS;
};
const shank = simTemplate('left_shank');
const foot = simTemplate('left_foot');
const rShank = correlation(shank, pooled);
const rFoot = correlation(foot, pooled);
const realToPool = real.map((r) => correlation(r.values, pooled));
console.log(
  `real foot templates: ${real.length}; pooled vs each: mean r = ${(realToPool.reduce((a, b) => a + b) / real.length).toFixed(3)}, min ${Math.min(...realToPool).toFixed(3)}`,
);
console.log(`walker shank vs pooled real foot: r = ${rShank.toFixed(3)}`);
console.log(`walker foot  vs pooled real foot: r = ${rFoot.toFixed(3)}`);
for (const r of real)
  console.log(
    `  ${r.name}: shank r = ${correlation(shank, r.values).toFixed(3)}, foot r = ${correlation(foot, r.values).toFixed(3)}`,
  );

const lines: Line[] = [
  ...real.map((r, i) => ({
    label: i === 0 ? `real feet (${real.length})` : '',
    values: r.values,
    color: '#cfcfcf',
    width: 1,
  })),
  { label: 'real, pooled mean', values: pooled, color: '#222', width: 3 },
  { label: `walker foot (r=${rFoot.toFixed(2)})`, values: foot, color: '#e07b00', width: 2.5, dash: '6 3' },
  { label: `walker shank (r=${rShank.toFixed(2)})`, values: shank, color: '#1f5fbf', width: 2.5 },
];
const out = join(root, 'docs/sim-vs-real.svg');
await writeFile(out, svg(lines, 'Stride-averaged leg gyroscope: virtual walker vs real foot IMUs (Voisard, gaitmap)'));
console.log(`wrote ${out}`);
