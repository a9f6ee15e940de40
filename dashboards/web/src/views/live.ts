/**
 * Live: the running session's per-side stride metrics, asymmetry indices with the healthy band,
 * trunk lean and sway, the current assessment in the report's words, and the sensors.
 */
import type { Assessment } from '../../../../src/gait/types.ts';
import type { SensorStatus } from '../../../../src/sensors/types.ts';
import { assessmentCard } from '../assessment.ts';
import { fill, fmt, fmtClock, h } from '../dom.ts';
import { resultCharts } from '../result-charts.ts';
import { currentAssessment, type LiveState, live, onLive } from '../store.ts';

/** A sensor whose packet count has not grown for this long counts as not sending, ms. */
const SILENT_MS = 5000;
/** Charts redraw at most this often, ms (results can arrive hundreds per second on replay). */
const REDRAW_MS = 500;

const RANGES = [
  { s: 120, label: 'last 2 minutes' },
  { s: 600, label: 'last 10 minutes' },
  { s: 3600, label: 'last hour' },
] as const;

function banners(state: LiveState): HTMLElement[] {
  const out: HTMLElement[] = [];
  const note = (kind: string, text: string) => h('p', { class: `banner ${kind}`, 'data-state': kind }, text);
  if (state.stream !== 'open') out.push(note('offline', 'Not connected to gaitd: reconnecting by itself…'));
  const st = state.status;
  if (st && st.state !== 'running') out.push(note('idle', `gaitd is ${st.state}: no session is being recorded.`));
  else if (state.ended) out.push(note('idle', 'The session ended; start gaitd run for a new one.'));
  else if (st) {
    const connected = st.sensors.filter((s) => s.connected).length;
    const silent = Date.now() - state.lastPacketsAtMs > SILENT_MS;
    if (connected === 0 || silent) {
      out.push(
        note(
          'no-sensor',
          connected === 0
            ? 'No sensor is sending: none is connected. Check that the sensors are on, charged and in range.'
            : `No sensor is sending: no packet for ${Math.round((Date.now() - state.lastPacketsAtMs) / 1000)} s. Check that the sensors are on, charged and in range.`,
        ),
      );
    }
    if (st.baseline === 'learning') {
      out.push(
        note(
          'learning',
          `Learning the wearer's baseline: keep walking normally. The assessment starts once about 60 strides per side are in (so far ${st.strides.left} left, ${st.strides.right} right).`,
        ),
      );
    }
  }
  return out;
}

function sensorCards(sensors: Iterable<SensorStatus>): HTMLElement {
  const list = [...sensors].sort((a, b) => a.location.localeCompare(b.location));
  if (list.length === 0) return h('p', { class: 'muted' }, 'No sensor known yet.');
  return h(
    'ul',
    { class: 'sensors' },
    list.map((s) =>
      h(
        'li',
        { class: `sensor ${s.connected ? 'up' : 'down'}`, 'data-location': s.location },
        h('h3', {}, s.location.replace('_', ' ')),
        h('p', { class: 'conn-state' }, s.connected ? 'connected' : 'not connected'),
        h(
          'dl',
          {},
          h('dt', {}, 'battery'),
          h('dd', {}, fmt(s.battery, 0, ' %')),
          h('dt', {}, 'packet loss'),
          h('dd', {}, fmt(s.packetLoss * 100, 1, ' %')),
          h('dt', {}, 'clock drift'),
          h('dd', {}, fmt(s.driftPpm, 0, ' ppm')),
          h('dt', {}, 'signal'),
          h('dd', {}, fmt(s.rssiDbm, 0, ' dBm')),
        ),
      ),
    ),
  );
}

function facts(state: LiveState): HTMLElement {
  const st = state.status;
  const item = (label: string, value: string) => h('div', {}, h('dt', {}, label), h('dd', {}, value));
  return h(
    'dl',
    { class: 'facts' },
    item('wearer', state.session?.wearer ?? st?.session?.wearer ?? '—'),
    item('walk time', fmtClock(st?.t ?? Number.NaN)),
    item('cadence', fmt(st?.cadence, 0, ' steps/min')),
    item('strides', st ? `${st.strides.left} left · ${st.strides.right} right` : '—'),
    item('packet loss', fmt(st ? st.loss * 100 : undefined, 1, ' %')),
  );
}

export function liveView(root: HTMLElement): () => void {
  let rangeS: number = RANGES[0].s;
  const select = h(
    'select',
    { id: 'live-range', 'aria-label': 'Time shown in the charts' },
    RANGES.map((r) => h('option', { value: r.s }, r.label)),
  );
  select.addEventListener('change', () => {
    rangeS = Number(select.value);
    redraw();
  });
  const bannerBox = h('div', { class: 'banners', role: 'status', 'aria-live': 'polite' });
  const factsBox = h('div');
  const assessmentBox = h('div', { 'aria-live': 'polite', id: 'live-assessment' });
  const sensorBox = h('section', { class: 'card', 'aria-labelledby': 'sensors-title' });

  const charts = resultCharts('live');

  fill(
    root,
    h('h1', { class: 'view-title' }, 'Live'),
    bannerBox,
    factsBox,
    assessmentBox,
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'live-range' }, 'Charts show '),
      select,
      h('span', { class: 'muted', id: 'live-count' }),
    ),
    h('div', { class: 'charts' }, charts.cards),
    sensorBox,
  );

  let lastAssessment: Assessment | undefined;
  const redrawText = (state: LiveState) => {
    fill(bannerBox, banners(state));
    fill(factsBox, facts(state));
    const a = currentAssessment();
    if (a !== lastAssessment || assessmentBox.childElementCount === 0) {
      lastAssessment = a;
      fill(
        assessmentBox,
        a
          ? assessmentCard(a, `Current assessment (at ${fmtClock(a.t)})`)
          : h('section', { class: 'card' }, h('h2', {}, 'Assessment'), h('p', {}, 'No assessment yet.')),
      );
    }
    fill(sensorBox, h('h2', { id: 'sensors-title' }, 'Sensors'), sensorCards(state.sensors.values()));
  };

  const redraw = () => {
    const state = live;
    redrawText(state);
    const newest = Math.max(state.strides.at(-1)?.nextIc ?? 0, state.windows.at(-1)?.tEnd ?? 0, state.status?.t ?? 0);
    charts.update(state, newest > rangeS ? Math.floor(newest - rangeS) : 0);
    (root.querySelector('#live-count') as HTMLElement).textContent =
      ` · ${state.strides.length} strides, ${state.windows.length} windows held`;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      redraw();
    }, REDRAW_MS);
  };
  const unsubscribe = onLive(schedule);
  // The "no sensor sending" state must appear even when nothing arrives at all.
  const tick = setInterval(() => redrawText(live), 1000);
  redraw();
  return () => {
    unsubscribe();
    clearInterval(tick);
    if (timer) clearTimeout(timer);
    charts.dispose();
  };
}
