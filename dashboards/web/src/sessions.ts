/** Stored sessions read through the API (history, session, compare views). */
import type { Assessment, AsymmetryWindow, Stride, TrunkStride } from '../../../src/gait/types.ts';
import type { SessionInfo } from '../../../src/pipeline/results.ts';
import { getAll, getJson } from './api.ts';

export interface SessionListItem extends SessionInfo {
  readonly nStrides?: number;
  readonly nAssessments?: number;
  readonly nAlerts?: number;
  /** Wearer-timeline seconds of the last stored result. */
  readonly lastT?: number | null;
}

export interface SessionData {
  readonly info: SessionListItem & { readonly assessment?: Assessment };
  readonly strides: Stride[];
  readonly trunk: TrunkStride[];
  readonly windows: AsymmetryWindow[];
  readonly assessments: Assessment[];
}

export interface SessionQuery {
  readonly wearer?: string;
  /** Unix ms bounds on the session start. */
  readonly fromMs?: number;
  readonly toMs?: number;
}

export async function listSessions(q: SessionQuery = {}): Promise<SessionListItem[]> {
  const params = new URLSearchParams();
  if (q.wearer) params.set('wearer', q.wearer);
  if (q.fromMs !== undefined) params.set('from', new Date(q.fromMs).toISOString());
  if (q.toMs !== undefined) params.set('to', new Date(q.toMs).toISOString());
  const qs = params.toString();
  const list = await getAll<SessionListItem>(`/api/sessions${qs ? `?${qs}` : ''}`, 2000, 200);
  return list.sort((a, b) => b.startedAtMs - a.startedAtMs);
}

export async function listWearers(): Promise<string[]> {
  const answer = await getJson<unknown>('/api/wearers');
  const list = Array.isArray(answer) ? answer : (Object.values(answer as object).find(Array.isArray) ?? []);
  return (list as unknown[])
    .map((w) =>
      typeof w === 'string'
        ? w
        : ((w as { wearer?: string; id?: string; name?: string }).wearer ?? (w as { id?: string }).id ?? ''),
    )
    .filter((w) => w !== '');
}

export async function loadSession(id: string): Promise<SessionData> {
  const base = `/api/sessions/${encodeURIComponent(id)}`;
  const [raw, strides, trunk, windows, assessments] = await Promise.all([
    getJson<Record<string, unknown>>(base),
    getAll<Stride>(`${base}/strides`),
    getAll<TrunkStride>(`${base}/trunk`),
    getAll<AsymmetryWindow>(`${base}/windows`),
    getAll<Assessment>(`${base}/assessments`),
  ]);
  // The session fields may sit at the top level or under `session`.
  const info = { ...((raw.session as object | undefined) ?? {}), ...raw } as unknown as SessionData['info'];
  const byIc = (a: { ic: number }, b: { ic: number }) => a.ic - b.ic;
  return {
    info,
    strides: strides.sort(byIc),
    trunk: trunk.sort(byIc),
    windows: windows.sort((a, b) => a.tEnd - b.tEnd),
    assessments: assessments.sort((a, b) => a.t - b.t),
  };
}

export function sessionLabel(s: SessionInfo): string {
  const when = new Date(s.startedAtMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `${s.wearer} · ${when}${s.label ? ` · ${s.label}` : ''}`;
}
