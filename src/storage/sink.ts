/**
 * What the outbox writer needs from an InfluxDB target (v1 or v2): prepare it once, then write
 * batches of line protocol and say how a failure must be handled.
 */
export type WriteOutcome =
  | { readonly ok: true }
  /** Nothing is lost by trying again later: network errors, 5xx, 429, auth and missing-database errors. */
  | { readonly ok: false; readonly kind: 'retryable'; readonly reason: string; readonly retryAfterMs?: number }
  /** The server refused the content (400/422): at least one line in the batch will never be accepted. */
  | { readonly ok: false; readonly kind: 'rejected'; readonly reason: string }
  /** The body was too large (413): send smaller batches. */
  | { readonly ok: false; readonly kind: 'too-large'; readonly reason: string };

export type PrepareOutcome =
  | { readonly ok: true; readonly note?: string }
  /** `fatal`: the configuration is wrong (missing bucket, bad token); otherwise the server was unreachable. */
  | { readonly ok: false; readonly fatal: boolean; readonly error: string };

export interface InfluxSink {
  /** e.g. "InfluxDB v1 http://host:8086 db=gait" (no secrets). */
  readonly description: string;
  prepare(): Promise<PrepareOutcome>;
  write(lines: readonly string[]): Promise<WriteOutcome>;
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Sorts an HTTP failure into the outcome kinds; `body` is the server's explanation, shortened. */
export function classifyHttpFailure(status: number, body: string, retryAfter?: string | null): WriteOutcome {
  const reason = `HTTP ${status}: ${body.trim().slice(0, 300)}`;
  if (status === 400 || status === 422) return { ok: false, kind: 'rejected', reason };
  if (status === 413) return { ok: false, kind: 'too-large', reason };
  return { ok: false, kind: 'retryable', reason, retryAfterMs: parseRetryAfter(retryAfter) };
}

export function networkFailure(err: unknown): WriteOutcome {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const detail = e.cause?.code ?? e.cause?.message ?? e.message;
  return { ok: false, kind: 'retryable', reason: `network: ${detail}` };
}
