/** History: stored sessions by wearer and date; open one, or tick two and compare them. */
import { errorBox, fill, fmtClock, fmtDate, h } from '../dom.ts';
import { listSessions, listWearers, type SessionListItem } from '../sessions.ts';

const dayMs = (value: string, endOfDay: boolean): number | undefined => {
  if (!value) return undefined;
  const ms = Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00'}`);
  return Number.isFinite(ms) ? ms : undefined;
};

export function historyView(root: HTMLElement, params: URLSearchParams): () => void {
  let alive = true;
  const wearer = h('select', { id: 'history-wearer' }, h('option', { value: '' }, 'all wearers'));
  const from = h('input', { id: 'history-from', type: 'date', value: params.get('from') ?? '' });
  const to = h('input', { id: 'history-to', type: 'date', value: params.get('to') ?? '' });
  const compare = h('button', { type: 'button', id: 'compare-selected', disabled: true }, 'Compare the two ticked');
  const list = h('div', { id: 'session-list', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading sessions…'));
  const form = h(
    'form',
    { class: 'toolbar filters', role: 'search' },
    h('label', { for: 'history-wearer' }, 'Wearer'),
    wearer,
    h('label', { for: 'history-from' }, 'From'),
    from,
    h('label', { for: 'history-to' }, 'To'),
    to,
    h('button', { type: 'submit' }, 'Show'),
  );
  fill(root, h('h1', { class: 'view-title' }, 'History'), form, list, h('div', { class: 'toolbar' }, compare));

  const ticked = new Set<string>();
  const syncCompare = () => {
    (compare as HTMLButtonElement).disabled = ticked.size !== 2;
  };
  compare.addEventListener('click', () => {
    const [a, b] = [...ticked];
    location.hash = `#/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
  });

  const table = (sessions: SessionListItem[]) =>
    sessions.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'No session matches. Sessions appear here once gaitd run or gaitd replay has stored one.',
        )
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'sessions' },
            h('caption', {}, `${sessions.length} session${sessions.length === 1 ? '' : 's'}, newest first`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Started', 'Wearer', 'Length', 'Strides', 'Alerts', 'Compare'].map((c) =>
                  h('th', { scope: 'col' }, c),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              sessions.map((s) => {
                const box = h('input', {
                  type: 'checkbox',
                  'aria-label': `compare session of ${fmtDate(s.startedAtMs)}`,
                  'data-session': s.id,
                });
                box.addEventListener('change', () => {
                  if (box.checked) ticked.add(s.id);
                  else ticked.delete(s.id);
                  syncCompare();
                });
                return h(
                  'tr',
                  { 'data-session': s.id },
                  h(
                    'th',
                    { scope: 'row' },
                    h('a', { href: `#/session/${encodeURIComponent(s.id)}` }, fmtDate(s.startedAtMs)),
                    s.label ? h('span', { class: 'muted' }, ` ${s.label}`) : null,
                  ),
                  h('td', {}, s.wearer),
                  h('td', {}, s.lastT === null || s.lastT === undefined ? '—' : fmtClock(s.lastT)),
                  h('td', {}, s.nStrides ?? '—'),
                  h('td', {}, s.nAlerts ?? '—'),
                  h('td', {}, box),
                );
              }),
            ),
          ),
        );

  const load = () => {
    ticked.clear();
    syncCompare();
    listSessions({ wearer: wearer.value || undefined, fromMs: dayMs(from.value, false), toMs: dayMs(to.value, true) })
      .then((sessions) => alive && fill(list, table(sessions)))
      .catch((err) => alive && fill(list, errorBox(err)));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  listWearers()
    .then((ws) => {
      if (!alive) return;
      for (const w of ws) wearer.append(h('option', { value: w, selected: params.get('wearer') === w }, w));
      load();
    })
    .catch(() => alive && load());
  return () => {
    alive = false;
  };
}
