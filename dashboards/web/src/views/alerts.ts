/** Alerts: the stored list with a filter, acknowledge, and a browser notification for new ones. */
import type { StoredAlert } from '../../../../src/daemon/contract.ts';
import { getJson, postJson } from '../api.ts';
import { evidenceList } from '../assessment.ts';
import { errorBox, fill, fmtDate, h } from '../dom.ts';
import { onAlert } from '../store.ts';

/** Shows a system notification for a new alert when the page is open and the user allowed it. */
export function notifyAlert(alert: StoredAlert): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  new Notification(`gaitd: ${alert.severity} alert`, { body: alert.message, tag: alert.id });
}

function alertItem(a: StoredAlert, onAck: (a: StoredAlert, button: HTMLButtonElement) => void): HTMLElement {
  const ack = h(
    'button',
    { type: 'button', class: 'ack', 'data-alert': a.id, disabled: a.acknowledged },
    a.acknowledged ? 'Acknowledged' : 'Acknowledge',
  );
  ack.addEventListener('click', () => onAck(a, ack));
  return h(
    'li',
    { class: `alert ${a.severity} ${a.acknowledged ? 'acked' : 'open'}`, 'data-alert': a.id, 'data-kind': a.kind },
    h(
      'div',
      { class: 'alert-head' },
      h('span', { class: `severity ${a.severity}` }, a.severity),
      h('span', {}, ` ${a.kind} · ${a.wearer} · ${fmtDate(a.atMs)}`),
    ),
    h('p', { class: 'alert-message' }, a.message),
    evidenceList(a.evidence),
    ack,
  );
}

export function alertsView(root: HTMLElement, params: URLSearchParams): () => void {
  let alive = true;
  const state = h(
    'select',
    { id: 'alerts-state' },
    [
      ['open', 'not acknowledged'],
      ['acknowledged', 'acknowledged'],
      ['all', 'all'],
    ].map(([v, label]) => h('option', { value: v, selected: (params.get('state') ?? 'open') === v }, label)),
  );
  const wearer = h('input', {
    id: 'alerts-wearer',
    type: 'text',
    value: params.get('wearer') ?? '',
    autocomplete: 'off',
  });
  const list = h('div', { id: 'alert-list', 'aria-live': 'polite' });
  const notify = h('button', { type: 'button', id: 'enable-notifications' }, 'Notify me of new alerts');
  const notifyState = h('span', { class: 'muted', role: 'status' });
  const syncNotify = () => {
    const p = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
    (notify as HTMLButtonElement).hidden = p !== 'default';
    notifyState.textContent =
      p === 'granted'
        ? 'Browser notifications are on while this page is open.'
        : p === 'denied'
          ? 'Browser notifications are blocked for this site.'
          : p === 'unsupported'
            ? 'This browser has no notifications.'
            : '';
  };
  notify.addEventListener('click', () => {
    void Notification.requestPermission().then(syncNotify);
  });
  const form = h(
    'form',
    { class: 'toolbar filters', role: 'search' },
    h('label', { for: 'alerts-state' }, 'Show'),
    state,
    h('label', { for: 'alerts-wearer' }, 'Wearer'),
    wearer,
    h('button', { type: 'submit' }, 'Filter'),
  );
  fill(
    root,
    h('h1', { class: 'view-title' }, 'Alerts'),
    h('div', { class: 'toolbar' }, notify, notifyState),
    form,
    list,
  );
  syncNotify();

  const onAck = (a: StoredAlert, button: HTMLButtonElement) => {
    button.disabled = true;
    postJson<StoredAlert>(`/api/alerts/${encodeURIComponent(a.id)}/ack`)
      .then(() => {
        button.textContent = 'Acknowledged';
        button.closest('li')?.classList.replace('open', 'acked');
        // A list read while the acknowledgement was on its way would show it open: read it again.
        load();
      })
      .catch((err: Error) => {
        button.disabled = false;
        button.after(h('span', { class: 'error', role: 'alert' }, ` ${err.message}`));
      });
  };

  let latest = 0;
  const load = () => {
    const q = new URLSearchParams({ state: state.value });
    if (wearer.value.trim()) q.set('wearer', wearer.value.trim());
    const request = ++latest;
    getJson<unknown>(`/api/alerts?${q}`)
      .then((answer) => {
        // Only the newest request draws the list (answers can arrive out of order).
        if (!alive || request !== latest) return;
        const alerts = (
          Array.isArray(answer) ? answer : (Object.values(answer as object).find(Array.isArray) ?? [])
        ) as StoredAlert[];
        alerts.sort((x, y) => y.atMs - x.atMs);
        fill(
          list,
          alerts.length === 0
            ? h('p', { class: 'muted', id: 'no-alerts' }, 'No alert matches.')
            : h(
                'ul',
                { class: 'alerts' },
                alerts.map((a) => alertItem(a, onAck)),
              ),
        );
      })
      .catch((err) => alive && fill(list, errorBox(err)));
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  // A new alert while the list is open: reload so it appears in place (with its stored id).
  const unsubscribe = onAlert(() => setTimeout(() => alive && load(), 300));
  load();
  return () => {
    alive = false;
    unsubscribe();
  };
}
