/** One stored session: summary, assessment and its episodes, charts, downloads. */
import type { AsymmetryMetric } from '../../../../src/gait/asymmetry/window.ts';
import { HEALTHY_SI_BAND, SIDES } from '../../../../src/report/chart-style.ts';
import { episodes } from '../../../../src/report/episodes.ts';
import { strideMetricLabel } from '../../../../src/report/words.ts';
import { download } from '../api.ts';
import { assessmentCard } from '../assessment.ts';
import { errorBox, fill, fmt, fmtClock, fmtDate, h } from '../dom.ts';
import { resultCharts } from '../result-charts.ts';
import { loadSession, type SessionData } from '../sessions.ts';
import { insideHealthyBand, METRIC_UNIT, type SessionStats, sessionStats } from '../stats.ts';

const SUMMARY_METRICS: readonly AsymmetryMetric[] = [
  'strideTime',
  'stanceTime',
  'swingTime',
  'rom',
  'peakSwingVelocity',
];

function summary(stats: SessionStats): HTMLElement {
  const sideRows = SUMMARY_METRICS.map((m) => {
    const u = METRIC_UNIT[m];
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, strideMetricLabel(m)),
      SIDES.map((side) => h('td', {}, fmt(stats.perSide[m][side].value * u.scale, u.digits, ` ${u.unit}`))),
    );
  });
  const siRows = Object.entries(stats.si).map(([m, e]) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, strideMetricLabel(m)),
      h('td', {}, `${fmt(e.value, 1, ' %')} (${fmt(e.lo, 1)} to ${fmt(e.hi, 1)})`),
      h(
        'td',
        { class: insideHealthyBand(e.value) ? 'ok' : 'out' },
        insideHealthyBand(e.value) ? 'within the healthy band' : 'outside the healthy band',
      ),
    ),
  );
  return h(
    'section',
    { class: 'card', id: 'session-summary' },
    h('h2', {}, 'Summary'),
    h(
      'p',
      {},
      `Cadence ${fmt(stats.cadence, 0, ' steps/min')} · ${stats.nStrides.left} left and ${stats.nStrides.right} right strides.`,
    ),
    h(
      'div',
      { class: 'tables' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h('caption', {}, 'Per side (medians)'),
          h(
            'thead',
            {},
            h('tr', {}, h('td', {}), h('th', { scope: 'col' }, 'left'), h('th', { scope: 'col' }, 'right')),
          ),
          h('tbody', {}, sideRows),
        ),
      ),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          {},
          h(
            'caption',
            {},
            `Asymmetry (SI with 95 % interval; positive = left larger; healthy band ±${HEALTHY_SI_BAND.toFixed(1)} %)`,
          ),
          h('tbody', {}, siRows.length > 0 ? siRows : h('tr', {}, h('td', {}, 'not enough strides on both sides'))),
        ),
      ),
    ),
  );
}

function episodeList(data: SessionData): HTMLElement {
  const eps = episodes(data.assessments);
  return h(
    'section',
    { class: 'card', id: 'session-episodes' },
    h('h2', {}, 'Compensation episodes'),
    eps.length === 0
      ? h(
          'p',
          {},
          data.assessments.length === 0
            ? 'No assessment was made (the baseline was still being learned).'
            : 'None: every assessment was within the baseline band.',
        )
      : h(
          'ul',
          {},
          eps.map((e) =>
            h(
              'li',
              {},
              `${fmtClock(e.from)}–${fmtClock(e.to)} (${e.windows} windows): ${e.worst.pattern} ${e.worst.side === 'none' ? '' : e.worst.side}, worst severity ${e.worst.severity.toFixed(2)}`,
            ),
          ),
        ),
  );
}

function downloads(id: string): HTMLElement {
  const base = `/api/sessions/${encodeURIComponent(id)}`;
  const status = h('p', { class: 'muted', role: 'status' });
  const button = (label: string, path: string, name: string) => {
    const b = h('button', { type: 'button', 'data-download': name }, label);
    b.addEventListener('click', () => {
      status.textContent = `Downloading ${name}…`;
      download(path, name)
        .then(() => {
          status.textContent = `Downloaded ${name}.`;
        })
        .catch((err: Error) => {
          status.textContent = `Could not download ${name}: ${err.message}`;
        });
    });
    return b;
  };
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Downloads'),
    h(
      'div',
      { class: 'toolbar' },
      button('HTML report', `${base}/report`, `gaitd-${id}.html`),
      button('CSV', `${base}/export?format=csv`, `gaitd-${id}.csv`),
      button('Line protocol', `${base}/export?format=lp`, `gaitd-${id}.lp`),
    ),
    status,
  );
}

export function sessionView(root: HTMLElement, _params: URLSearchParams, path: string[]): () => void {
  const id = path[0] ?? '';
  let alive = true;
  const charts = resultCharts('session');
  fill(root, h('h1', { class: 'view-title' }, 'Session'), h('p', { class: 'muted' }, 'Loading…'));
  loadSession(id)
    .then((data) => {
      if (!alive) return;
      const stats = sessionStats(data.strides, data.trunk);
      const last = data.assessments.at(-1) ?? data.info.assessment;
      fill(
        root,
        h('h1', { class: 'view-title' }, `Session of ${fmtDate(data.info.startedAtMs)}`),
        h(
          'p',
          { class: 'muted', id: 'session-meta' },
          `${data.info.wearer} · ${data.info.source}${data.info.label ? ` · ${data.info.label}` : ''} · `,
          h('a', { href: '#/history' }, 'back to history'),
        ),
        summary(stats),
        last ? assessmentCard(last, `Assessment at ${fmtClock(last.t)} (the last of the walk)`) : null,
        episodeList(data),
        h('div', { class: 'charts' }, charts.cards),
        downloads(id),
      );
      charts.update(data, 0);
    })
    .catch((err) => alive && fill(root, h('h1', { class: 'view-title' }, 'Session'), errorBox(err)));
  return () => {
    alive = false;
    charts.dispose();
  };
}
