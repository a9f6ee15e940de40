/**
 * The gaitd web dashboard: four views behind hash routes (#/live, #/history, #/session/<id>,
 * #/compare, #/alerts), one live connection for all of them. No inline script or style: the API
 * serves it under a strict CSP.
 */
import { fill } from './dom.ts';
import { live, onAlert, onLive, startLive } from './store.ts';
import { alertsView, notifyAlert } from './views/alerts.ts';
import { compareView } from './views/compare.ts';
import { historyView } from './views/history.ts';
import { liveView } from './views/live.ts';
import { sessionView } from './views/session.ts';

/** A view draws into `root` and returns what stops it (timers, subscriptions, charts). */
export type View = (root: HTMLElement, params: URLSearchParams, path: string[]) => () => void;

const views: Record<string, View> = {
  live: liveView,
  history: historyView,
  session: sessionView,
  compare: compareView,
  alerts: alertsView,
};

const root = document.getElementById('view') as HTMLElement;
let stop: (() => void) | undefined;

function route(): void {
  const [pathPart, query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const path = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const name = views[path[0]] ? path[0] : 'live';
  stop?.();
  fill(root);
  root.dataset.view = name;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-nav]')) {
    const current = a.dataset.nav === name || (name === 'session' && a.dataset.nav === 'history');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  stop = views[name](root, new URLSearchParams(query), path.slice(1));
}

const conn = document.getElementById('conn') as HTMLElement;
const CONN_TEXT = { connecting: 'connecting…', open: 'live', reconnecting: 'reconnecting…' } as const;
onLive((state) => {
  conn.textContent = CONN_TEXT[state.stream];
  conn.dataset.state = state.stream;
});

let unseen = 0;
const badge = document.getElementById('alert-badge') as HTMLElement;
onAlert((alert) => {
  if (root.dataset.view !== 'alerts') {
    unseen++;
    badge.textContent = String(unseen);
    badge.hidden = false;
  }
  notifyAlert(alert);
});
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/alerts')) {
    unseen = 0;
    badge.hidden = true;
  }
  route();
});

startLive();
route();
// Exposed for the browser test's memory benchmark and for debugging from the console.
(window as unknown as { gaitdLive: typeof live }).gaitdLive = live;
