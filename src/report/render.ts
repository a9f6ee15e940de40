import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SCREENING_DISCLAIMER } from '../gait/types.ts';
import type { AnalysisOutput } from '../pipeline/analysis-result.ts';
import { buildCharts, type ChartSpec, HEALTHY_SI_BAND, type ReportSignals } from './charts.ts';
import { episodes } from './episodes.ts';
import { describeAssessment, describeEvidence, strideMetricLabel } from './words.ts';

type AssessmentOut = AnalysisOutput['assessments'][number];

let echartsSource: string | undefined;
/** ECharts' browser bundle, inlined so the report opens offline and makes no network request. */
function echartsScript(): string {
  echartsSource ??= readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
  // A literal "</script" inside the bundle would end the inline script early.
  return echartsSource.replace(/<\/script/gi, '<\\/script');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside <script>: no "<" can close the element. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const fmt = (v: number | null | undefined, digits: number, unit = '') =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${unit}`;

const NO_ASSESSMENT =
  'No assessment: the walk was too short to learn a baseline from its first strides (60 per side) and no stored baseline was given, so nothing was compared.';

function assessmentCard(a: AssessmentOut, heading: string, extra = '', headline = describeAssessment(a)): string {
  const evidence =
    a.evidence.length === 0
      ? ''
      : `<ul class="evidence">${a.evidence.map((e) => `<li>${escapeHtml(describeEvidence(e))}</li>`).join('')}</ul>`;
  return `<section class="card assessment ${a.pattern === 'none' ? 'none' : 'flag'}">
<h3>${escapeHtml(heading)}</h3>
<p class="headline">${escapeHtml(headline)}</p>${extra}
${evidence}
<p class="disclaimer">${escapeHtml(SCREENING_DISCLAIMER)}</p>
</section>`;
}

function summaryTable(output: AnalysisOutput): string {
  const s = output.summary;
  const row = (label: string, l: number | null, r: number | null, digits: number, unit: string) =>
    `<tr><th>${label}</th><td>${fmt(l, digits, unit)}</td><td>${fmt(r, digits, unit)}</td></tr>`;
  const siRows = Object.entries(s.si)
    .filter(([, v]) => Number.isFinite(v))
    .map(([k, v]) => {
      const inside = Math.abs(v) <= HEALTHY_SI_BAND;
      return `<tr><th>${escapeHtml(strideMetricLabel(k))}</th><td>${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} %</td><td class="${inside ? 'ok' : 'out'}">${inside ? 'within the healthy band' : 'outside the healthy band'}</td></tr>`;
    })
    .join('');
  return `<div class="tables">
<table><caption>Per side</caption><thead><tr><th></th><th>left</th><th>right</th></tr></thead><tbody>
${row('strides', s.n_strides.left, s.n_strides.right, 0, '')}
${row('stride time', s.stride_time_s.left, s.stride_time_s.right, 3, ' s')}
${row('stance time', s.stance_time_s.left, s.stance_time_s.right, 3, ' s')}
${row('swing time', s.swing_time_s.left, s.swing_time_s.right, 3, ' s')}
</tbody></table>
<table><caption>Asymmetry (SI, positive = left larger; healthy band ±${HEALTHY_SI_BAND.toFixed(1)} %)</caption><tbody>
${siRows || '<tr><td>not enough strides on both sides to compare</td></tr>'}
</tbody></table>
</div>
<p>Cadence: <b>${fmt(s.cadence_spm, 0, ' steps/min')}</b></p>`;
}

function qualitySection(output: AnalysisOutput): string {
  const q = output.quality;
  const sensors = Object.entries(q.sensors)
    .map(
      ([loc, s]) =>
        `<li>${escapeHtml(loc)}: ${s.samples} samples at ${s.rate_hz} Hz, used for ${escapeHtml(s.used_for.join(', ') || 'nothing')}${s.orientation ? `; ${escapeHtml(s.orientation)}` : ''}</li>`,
    )
    .join('');
  const warnings = q.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return `<section class="card"><h2>Data quality</h2>
<ul>${sensors}</ul>
<p>Packet loss: ${(100 * q.packet_loss).toFixed(1)} %; gaps: ${q.gaps.length}; walking bouts: ${q.bouts.filter((b) => b.kind === 'walking').length}.</p>
${warnings ? `<h3>Warnings</h3><ul class="warnings">${warnings}</ul>` : ''}
</section>`;
}

function chartBlock(c: ChartSpec): string {
  return `<section class="card chart-card"><h2>${escapeHtml(c.title)}</h2><p class="caption">${escapeHtml(c.caption)}</p>
<div class="chart" id="chart-${c.id}" style="height:${c.height ?? 320}px"></div></section>`;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d1f23;line-height:1.45}
header{background:#243447;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;opacity:.85}
main{max-width:1100px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:8px;padding:14px 18px;margin:14px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:17px;margin:0 0 6px}h3{font-size:15px;margin:0 0 6px}
.caption{margin:0 0 6px;color:#555;font-size:13px}.chart{width:100%}
.tables{display:flex;gap:24px;flex-wrap:wrap}table{border-collapse:collapse;font-size:14px}
caption{text-align:left;font-weight:600;padding-bottom:4px}th,td{padding:3px 10px;border-bottom:1px solid #e3e5e8;text-align:left}
td.ok{color:#1b7a3a}td.out{color:#b3261e;font-weight:600}
.assessment.flag{border-left:6px solid #d1495b}.assessment.none{border-left:6px solid #2a9d4b}
.headline{font-size:15px;font-weight:600}.evidence li{margin:2px 0}
.disclaimer{font-size:13px;color:#5a4a00;background:#fff6d6;border-radius:4px;padding:6px 10px;margin:8px 0 0}
.warnings li{color:#8a5a00}
@media print{.card{box-shadow:none;break-inside:avoid}}
`;

/** Renders ECharts into each chart element and records how many rendered (read by tests). */
const BOOT = `
(function(){
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  var rendered = 0, charts = [];
  for (var i = 0; i < specs.length; i++) {
    var el = document.getElementById('chart-' + specs[i].id);
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(specs[i].option);
    charts.push(chart);
    rendered++;
  }
  window.addEventListener('resize', function(){ charts.forEach(function(c){ c.resize(); }); });
  document.body.setAttribute('data-charts-rendered', String(rendered));
})();
`;

/**
 * One self-contained HTML page a clinician can read: summary, the assessment in plain words with
 * its evidence, and charts of events, stride metrics, asymmetry, trunk lean and assessments.
 * ECharts is inlined; the page loads nothing from the network.
 */
export function renderReport(output: AnalysisOutput, signals?: ReportSignals): string {
  const charts = buildCharts(output, signals);
  const r = output.recording;
  const eps = episodes(output.assessments);
  const episodeCards = eps
    .map((e) =>
      assessmentCard(
        e.worst,
        `${e.from.toFixed(0)}–${e.to.toFixed(0)} s`,
        `<p>Seen in ${e.windows} consecutive window${e.windows === 1 ? '' : 's'}; the evidence below is from the most severe one.</p>`,
      ),
    )
    .join('');
  const chartSpecs = charts.map((c) => ({ id: c.id, option: c.option }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Gait report — ${escapeHtml(r.wearer)}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>Gait report: ${escapeHtml(r.wearer)}</h1>
<p>Recording ${escapeHtml(r.dir)} · ${(r.duration_s / 60).toFixed(1)} min · sensors: ${escapeHtml(r.sensors.join(', '))}</p></header>
<main>
<section class="card"><h2>Summary</h2>${summaryTable(output)}</section>
${
  output.assessments.length === 0
    ? assessmentCard(output.summary.assessment, 'Overall assessment', '', NO_ASSESSMENT)
    : assessmentCard(output.summary.assessment, 'Overall assessment')
}
${eps.length > 0 ? `<section class="card"><h2>Compensation episodes</h2><p>${eps.length} episode${eps.length === 1 ? '' : 's'} during the walk.</p></section>${episodeCards}` : ''}
${charts.map(chartBlock).join('\n')}
${qualitySection(output)}
</main>
<script type="application/json" id="report-charts">${inlineJson(chartSpecs)}</script>
<script>${echartsScript()}</script>
<script>${BOOT}</script>
</body></html>
`;
}
