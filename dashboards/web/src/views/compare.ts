/**
 * Compare: two sessions side by side (e.g. before and after physiotherapy), each metric and index
 * with its 95 % interval and the difference, and in words whether it clearly changed.
 */
import { ASYMMETRY_METRICS } from '../../../../src/gait/asymmetry/window.ts';
import { SIDES } from '../../../../src/report/chart-style.ts';
import { strideMetricLabel } from '../../../../src/report/words.ts';
import { errorBox, fill, fmt, h } from '../dom.ts';
import { listSessions, loadSession, type SessionListItem, sessionLabel } from '../sessions.ts';
import { change, type Estimate, insideHealthyBand, METRIC_UNIT, type SessionStats, sessionStats } from '../stats.ts';

interface Row {
  readonly label: string;
  readonly a?: Estimate;
  readonly b?: Estimate;
  readonly unit: string;
  readonly scale: number;
  readonly digits: number;
  /** Extra words for an asymmetry index (healthy band). */
  readonly si?: boolean;
  /** Say the size of a clear change relative to A (not for values around zero: SI, lean). */
  readonly relative?: boolean;
}

function rows(a: SessionStats, b: SessionStats): Row[] {
  const out: Row[] = [];
  for (const m of ASYMMETRY_METRICS) {
    const u = METRIC_UNIT[m];
    for (const side of SIDES)
      out.push({
        label: `${side} ${strideMetricLabel(m)}`,
        a: a.perSide[m][side],
        b: b.perSide[m][side],
        relative: true,
        ...u,
      });
  }
  for (const m of ASYMMETRY_METRICS) {
    if (!a.si[m] && !b.si[m]) continue;
    out.push({
      label: `asymmetry of ${strideMetricLabel(m)} (SI)`,
      a: a.si[m],
      b: b.si[m],
      unit: '%',
      scale: 1,
      digits: 1,
      si: true,
    });
  }
  out.push({ label: 'trunk sideways lean', a: a.lean, b: b.lean, unit: '°', scale: 1, digits: 1 });
  out.push({
    label: 'trunk side-to-side sway',
    a: a.sway,
    b: b.sway,
    unit: 'm/s²',
    scale: 1,
    digits: 2,
    relative: true,
  });
  return out.filter((r) => (r.a && Number.isFinite(r.a.value)) || (r.b && Number.isFinite(r.b.value)));
}

const cell = (e: Estimate | undefined, r: Row) =>
  !e || !Number.isFinite(e.value)
    ? '—'
    : `${fmt(e.value * r.scale, r.digits, ` ${r.unit}`)} (${fmt(e.lo * r.scale, r.digits)} to ${fmt(e.hi * r.scale, r.digits)})`;

function words(r: Row): string {
  const c = change(r.a, r.b);
  let text = c === 'unclear' ? 'no clear change' : `clearly ${c} in B`;
  if (c !== 'unclear' && r.relative && r.a && r.b && r.a.value !== 0) {
    const rel = Math.abs((r.b.value - r.a.value) / r.a.value) * 100;
    // Many strides make small changes clear; say when one is small (under 5 %).
    text = `${rel < 5 ? 'slightly' : 'clearly'} ${c} in B (${rel.toFixed(rel < 10 ? 1 : 0)} %)`;
  }
  if (r.si && r.a && r.b) {
    const inA = insideHealthyBand(r.a.value);
    const inB = insideHealthyBand(r.b.value);
    if (inA !== inB) text += inB ? '; back within the healthy band' : '; now outside the healthy band';
    else if (!inB) text += '; outside the healthy band in both';
  }
  return text;
}

function table(a: SessionStats, b: SessionStats): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'compare', id: 'compare-table' },
      h(
        'caption',
        {},
        'Medians (or SI) with 95 % intervals; difference is B − A; a change is called clear when the intervals do not overlap.',
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['', 'A', 'B', 'B − A', 'in words'].map((c) => h('th', { scope: 'col' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows(a, b).map((r) => {
          const diff = r.a && r.b ? (r.b.value - r.a.value) * r.scale : Number.NaN;
          const c = change(r.a, r.b);
          const said = words(r);
          return h(
            'tr',
            { 'data-change': c },
            h('th', { scope: 'row' }, r.label),
            h('td', {}, cell(r.a, r)),
            h('td', {}, cell(r.b, r)),
            h(
              'td',
              {},
              Number.isFinite(diff) ? `${diff >= 0 ? '+' : '−'}${fmt(Math.abs(diff), r.digits, ` ${r.unit}`)}` : '—',
            ),
            h('td', { class: said.startsWith('clearly') ? 'flag' : '' }, said),
          );
        }),
      ),
    ),
  );
}

export function compareView(root: HTMLElement, params: URLSearchParams): () => void {
  let alive = true;
  const pick = (id: string, label: string) =>
    h('select', { id, 'aria-label': label }, h('option', { value: '' }, 'choose a session'));
  const selA = pick('compare-a', 'Session A (before)');
  const selB = pick('compare-b', 'Session B (after)');
  const result = h('div', { id: 'compare-result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'toolbar filters' },
    h('label', { for: 'compare-a' }, 'A (before)'),
    selA,
    h('label', { for: 'compare-b' }, 'B (after)'),
    selB,
    h('button', { type: 'submit' }, 'Compare'),
  );
  fill(root, h('h1', { class: 'view-title' }, 'Compare two sessions'), form, result);

  const run = () => {
    const [a, b] = [selA.value, selB.value];
    if (!a || !b) {
      fill(result, h('p', { class: 'muted' }, 'Choose two sessions.'));
      return;
    }
    history.replaceState(null, '', `#/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    fill(result, h('p', { class: 'muted' }, 'Loading both sessions…'));
    Promise.all([loadSession(a), loadSession(b)])
      .then(([da, db]) => {
        if (!alive) return;
        const side = (label: string, d: typeof da) =>
          h(
            'div',
            { class: 'card compare-side', 'data-session': d.info.id },
            h('h2', {}, label),
            h('p', {}, sessionLabel(d.info)),
            h('p', { class: 'muted' }, `${d.strides.length} strides, ${d.assessments.length} assessments`),
          );
        fill(
          result,
          h('div', { class: 'side-by-side' }, side('A', da), side('B', db)),
          table(sessionStats(da.strides, da.trunk), sessionStats(db.strides, db.trunk)),
        );
      })
      .catch((err) => alive && fill(result, errorBox(err)));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  listSessions()
    .then((sessions: SessionListItem[]) => {
      if (!alive) return;
      for (const sel of [selA, selB])
        for (const s of sessions) sel.append(h('option', { value: s.id }, sessionLabel(s)));
      selA.value = params.get('a') ?? sessions[1]?.id ?? '';
      selB.value = params.get('b') ?? sessions[0]?.id ?? '';
      if (params.get('a') && params.get('b')) run();
      else
        fill(
          result,
          h(
            'p',
            { class: 'muted' },
            sessions.length < 2
              ? 'Two stored sessions are needed to compare.'
              : 'Choose two sessions and press Compare.',
          ),
        );
    })
    .catch((err) => alive && fill(result, errorBox(err)));
  return () => {
    alive = false;
  };
}
