import type { SessionSummary } from '../storage/journal-read.ts';

/**
 * Results and daemon state → JSON. Field names are the result's own (the registry's camelCase);
 * NaN and ±∞ become null, since JSON has no NaN and the serializer refuses it rather than guess.
 */
export function jsonSafe<T>(value: T): T {
  if (typeof value === 'number') return (Number.isFinite(value) ? value : null) as T;
  if (Array.isArray(value)) return value.map(jsonSafe) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = jsonSafe((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}

export const sessionJson = (s: SessionSummary) => ({
  id: s.id,
  wearer: s.wearer,
  startedAtMs: s.startedAtMs,
  source: s.source,
  ...(s.label === undefined ? {} : { label: s.label }),
  nStrides: s.strides,
  nAssessments: s.assessments,
  nAlerts: s.alerts,
  lastT: s.lastT === null ? null : jsonSafe(s.lastT),
});
