/**
 * The live state of the app, fed by the one `/api/live` connection and filled in from the
 * session's stored results on load. Bounded: the last hour of results (HOLD_S) and at most
 * MAX_ITEMS of each kind, so a tab left open all day stays small.
 */
import type { DaemonStatus, StoredAlert } from '../../../src/daemon/contract.ts';
import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../../../src/gait/types.ts';
import type { SessionInfo } from '../../../src/pipeline/results.ts';
import type { SensorStatus } from '../../../src/sensors/types.ts';
import { ApiError, getAll, getJson } from './api.ts';
import { openLiveStream, type StreamState } from './live-stream.ts';

/** Wearer time kept in the live view, s. */
export const HOLD_S = 3600;
const MAX_ITEMS = 20_000;

export interface LiveState {
  session?: SessionInfo;
  status?: DaemonStatus;
  ended: boolean;
  stream: StreamState;
  strides: Stride[];
  trunk: TrunkStride[];
  windows: AsymmetryWindow[];
  assessments: Assessment[];
  sensors: Map<string, SensorStatus>;
  /** Host ms of the last status whose packet count grew. */
  lastPacketsAtMs: number;
  /** Results received over the stream since the page opened (tests and the footer read it). */
  received: number;
}

type Listener = (state: LiveState) => void;
type AlertListener = (alert: StoredAlert) => void;

export const live: LiveState = {
  ended: false,
  stream: 'connecting',
  strides: [],
  trunk: [],
  windows: [],
  assessments: [],
  sensors: new Map(),
  lastPacketsAtMs: 0,
  received: 0,
};

const listeners = new Set<Listener>();
const alertListeners = new Set<AlertListener>();

export function onLive(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onAlert(fn: AlertListener): () => void {
  alertListeners.add(fn);
  return () => alertListeners.delete(fn);
}

let notifyQueued = false;
/** Listeners run at most once per animation frame however many events arrived. */
function changed(): void {
  if (notifyQueued) return;
  notifyQueued = true;
  setTimeout(() => {
    notifyQueued = false;
    for (const fn of listeners) fn(live);
  }, 0);
}

/**
 * Inserts `item` in time order (results may surface a few seconds late), skipping an item whose
 * key is already among the newest ones (history fill and stream overlap).
 */
function insertOrdered<T>(list: T[], item: T, time: (x: T) => number, key: (x: T) => string): void {
  const t = time(item);
  let i = list.length;
  while (i > 0 && time(list[i - 1]) > t) i--;
  for (let j = i - 1; j >= 0 && time(list[j]) === t; j--) if (key(list[j]) === key(item)) return;
  for (let j = i; j < list.length && time(list[j]) === t; j++) if (key(list[j]) === key(item)) return;
  list.splice(i, 0, item);
  trim(list, time);
}

function trim<T>(list: T[], time: (x: T) => number): void {
  const newest = time(list[list.length - 1]);
  let cut = 0;
  while (cut < list.length && time(list[cut]) < newest - HOLD_S) cut++;
  cut = Math.max(cut, list.length - MAX_ITEMS);
  // Cut in batches so a long stream does not shift the array on every item.
  if (cut > 64 || list.length > MAX_ITEMS) list.splice(0, cut);
}

const icOf = (s: { readonly ic: number }) => s.ic;
const strideKey = (s: Stride) => `${s.side}:${s.ic}`;
const trunkKey = (s: TrunkStride) => `${s.side}:${s.ic}`;
const windowTime = (w: AsymmetryWindow) => w.tEnd;
const windowKey = (w: AsymmetryWindow) => `${w.tStart}:${w.tEnd}`;
const assessmentTime = (a: Assessment) => a.t;
const assessmentKey = (a: Assessment) => `${a.t}:${a.pattern}`;

/** The newest assessment, from the stream or the status. */
export function currentAssessment(): Assessment | undefined {
  return live.assessments.at(-1) ?? live.status?.assessment;
}

function resetSession(session: SessionInfo | undefined): void {
  live.session = session;
  live.ended = false;
  live.strides = [];
  live.trunk = [];
  live.windows = [];
  live.assessments = [];
}

type Result = { kind: string } & Record<string, unknown>;

/** The API sends the session of a result as its id, of a session event as the whole SessionInfo. */
function sessionOf(value: unknown): SessionInfo | undefined {
  if (typeof value === 'string') return live.session?.id === value ? live.session : ({ id: value } as SessionInfo);
  return value && typeof value === 'object' && 'id' in value ? (value as SessionInfo) : undefined;
}

function applyResult(session: SessionInfo | undefined, result: Result): void {
  if (session && live.session?.id !== session.id) resetSession(session);
  switch (result.kind) {
    case 'stride':
      insertOrdered(live.strides, result.stride as Stride, icOf, strideKey);
      break;
    case 'trunk':
      insertOrdered(live.trunk, result.trunk as TrunkStride, icOf, trunkKey);
      break;
    case 'window':
      insertOrdered(live.windows, result.window as AsymmetryWindow, windowTime, windowKey);
      break;
    case 'assessment':
      insertOrdered(live.assessments, result.assessment as Assessment, assessmentTime, assessmentKey);
      break;
    case 'sensor': {
      const s = result.status as SensorStatus;
      live.sensors.set(s.sensorId, s);
      break;
    }
    case 'alert': {
      const alert = result.alert as StoredAlert;
      const stored: StoredAlert = {
        ...alert,
        wearer: alert.wearer ?? session?.wearer ?? '',
        session: alert.session ?? session?.id ?? '',
        atMs: alert.atMs ?? (session ? session.startedAtMs + alert.t * 1000 : Date.now()),
      };
      for (const fn of alertListeners) fn(stored);
      break;
    }
  }
}

function applyStatus(status: DaemonStatus): void {
  if (status.session && live.session?.id !== status.session.id) resetSession(status.session);
  else if (status.session) live.session = status.session;
  if (!live.status || status.packets > live.status.packets) live.lastPacketsAtMs = Date.now();
  live.status = status;
  for (const s of status.sensors) live.sensors.set(s.sensorId, s);
}

/** Stored results of the running session, so the charts are not empty after a reload. */
async function fillHistory(session: SessionInfo, attempt = 0): Promise<void> {
  try {
    await fillHistoryOnce(session);
  } catch (err) {
    // 503: the journal is not readable yet (a session that just began); try again shortly.
    if (err instanceof ApiError && err.status === 503 && attempt < 5) {
      await new Promise((r) => setTimeout(r, 2000));
      return fillHistory(session, attempt + 1);
    }
    throw err;
  }
}

async function fillHistoryOnce(session: SessionInfo): Promise<void> {
  const base = `/api/sessions/${encodeURIComponent(session.id)}`;
  const [strides, trunk, windows, assessments] = await Promise.all([
    getAll<Stride>(`${base}/strides`),
    getAll<TrunkStride>(`${base}/trunk`),
    getAll<AsymmetryWindow>(`${base}/windows`),
    getAll<Assessment>(`${base}/assessments`),
  ]);
  if (live.session?.id !== session.id) return;
  for (const s of strides) insertOrdered(live.strides, s, icOf, strideKey);
  for (const s of trunk) insertOrdered(live.trunk, s, icOf, trunkKey);
  for (const w of windows) insertOrdered(live.windows, w, windowTime, windowKey);
  for (const a of assessments) insertOrdered(live.assessments, a, assessmentTime, assessmentKey);
  changed();
}

let started = false;

/** Opens the live connection (once) and loads the current status and session history. */
export function startLive(): void {
  if (started) return;
  started = true;
  openLiveStream({
    onState(state) {
      live.stream = state;
      changed();
    },
    onEvent(event) {
      const session = sessionOf(event.session);
      if (event.type === 'result') {
        live.received++;
        applyResult(session, event.result as Result);
      } else if (event.type === 'status') applyStatus((event.status ?? event) as DaemonStatus);
      else if (event.type === 'session-start') resetSession(session);
      else if (event.type === 'reset') {
        // The server no longer holds the events missed while away: start again from the stored state.
        resetSession(undefined);
        loadStatus();
      } else if (event.type === 'session-end' && session && live.session?.id === session.id) live.ended = true;
      changed();
    },
  });
  loadStatus();
}

function loadStatus(): void {
  void getJson<DaemonStatus>('/api/status')
    .then(async (status) => {
      applyStatus(status);
      changed();
      if (status.session) await fillHistory(status.session);
    })
    .catch(() => {
      // the stream's own status events fill in once the daemon answers
    });
}
