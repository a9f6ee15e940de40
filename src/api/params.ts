import { Type } from 'typebox';
import { badRequest } from './errors.ts';

/** Largest page any list returns; larger `limit`s are refused, not clamped, so a caller notices. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

export const Limit = Type.Integer({
  minimum: 1,
  maximum: MAX_PAGE,
  default: DEFAULT_PAGE,
  description: `page size, 1..${MAX_PAGE}`,
});
export const Cursor = Type.String({ minLength: 1, maxLength: 400, description: 'next_cursor of the previous page' });
export const Id = Type.String({ minLength: 1, maxLength: 200 });
export const Wearer = Type.String({ minLength: 1, maxLength: 200 });
export const Instant = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'ISO 8601 date-time (2026-01-05T09:00:00Z) or Unix ms',
});
export const SessionTime = Type.Number({ description: 'seconds on the session timeline' });

/** Earliest and latest instants accepted (years 2000..2200): outside that a date is a typo. */
const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2200, 0, 1);

/** An ISO 8601 date-time or Unix ms → Unix ms, or a 400 naming the parameter. */
export function parseInstant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d{1,16}$/.test(v)) ms = Number(v);
  else if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v))
    ms = Date.parse(v);
  else
    throw badRequest(
      `query parameter ${name}: "${value}" is not a date; use ISO 8601 (2026-01-05T09:00:00Z) or Unix ms`,
    );
  const [y, m, d] = v.split(/[-T ]/).map(Number);
  // Date.parse rolls 2026-02-30 over to March; a calendar day that does not exist is an error.
  const calendarOk = /^\d{1,16}$/.test(v) || new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
  if (!Number.isFinite(ms) || !calendarOk) throw badRequest(`query parameter ${name}: "${value}" is not a valid date`);
  if (ms < MIN_MS || ms > MAX_MS) {
    throw badRequest(`query parameter ${name}: ${new Date(ms).toISOString()} is outside the years 2000..2200`);
  }
  return ms;
}

/** 400 when `from` is after `to` (equal is an instant, allowed). */
export function checkRange(from: number | undefined, to: number | undefined, show: (x: number) => string): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw badRequest(`query parameters from (${show(from)}) is after to (${show(to)}); swap them`);
  }
}
