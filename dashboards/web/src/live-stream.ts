/**
 * `/api/live` (Server-Sent Events) read with fetch rather than EventSource: EventSource cannot
 * send the Authorization header, and a token in the URL would end up in logs. Same behaviour
 * otherwise: reconnects by itself (backoff 1 → 10 s) and resumes with `Last-Event-ID`. One
 * connection for the whole app (store.ts).
 */
import { askForToken, authHeaders, camelize, token } from './api.ts';

export interface SseMessage {
  readonly id?: string;
  readonly event: string;
  readonly data: string;
}

export type StreamState = 'connecting' | 'open' | 'reconnecting';

/**
 * Incremental SSE parser (WHATWG "event stream interpretation"); feed text chunks, get messages.
 * Scans each chunk once by index (a burst after a stall can be megabytes of lines) and keeps only
 * the unfinished last line.
 */
export function createSseParser(onMessage: (m: SseMessage) => void): (chunk: string) => void {
  let rest = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let skipLf = false;
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onMessage({ id, event: event || 'message', data: data.join('\n') });
      data = [];
      event = '';
      return;
    }
    if (text.charCodeAt(0) === 58 /* ':' */) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  };
  return (chunk) => {
    const text = rest + chunk;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 && skipLf && i === start) {
        // the LF of a CRLF split across chunks
        start = i + 1;
        skipLf = false;
        continue;
      }
      skipLf = false;
      if (c !== 10 && c !== 13) continue;
      line(text.slice(start, i));
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else skipLf = true;
      }
      start = i + 1;
    }
    rest = text.slice(start);
  };
}

export interface LiveStreamHandlers {
  /** A parsed event: the JSON of `data` (camelCase keys) with `type` from the event name when missing. */
  onEvent(event: { readonly id?: number; readonly type: string } & Record<string, unknown>): void;
  onState(state: StreamState): void;
}

export function openLiveStream(handlers: LiveStreamHandlers, path = '/api/live'): { close(): void } {
  const abort = new AbortController();
  let lastId: string | undefined;
  let retryMs = 1000;
  let closed = false;

  const connectOnce = async (): Promise<void> => {
    handlers.onState(lastId === undefined ? 'connecting' : 'reconnecting');
    const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeaders() };
    if (lastId !== undefined) headers['last-event-id'] = lastId;
    const res = await fetch(path, { headers, signal: abort.signal, cache: 'no-store' });
    if (res.status === 401) {
      const had = token() !== undefined;
      sessionStorage.removeItem('gaitd.token');
      await askForToken(had);
      return;
    }
    if (!res.ok || !res.body) throw new Error(`live stream: ${res.status}`);
    handlers.onState('open');
    retryMs = 1000;
    const parse = createSseParser((m) => {
      if (m.id !== undefined) lastId = m.id;
      let payload: Record<string, unknown>;
      try {
        payload = camelize<Record<string, unknown>>(JSON.parse(m.data));
      } catch {
        return; // not JSON (e.g. a plain heartbeat message): nothing to show
      }
      const type = m.event !== 'message' || typeof payload.type !== 'string' ? m.event : payload.type;
      const id = typeof payload.id === 'number' ? payload.id : m.id !== undefined ? Number(m.id) : undefined;
      handlers.onEvent({ ...payload, type, id });
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parse(value);
    }
  };

  void (async () => {
    while (!closed) {
      try {
        await connectOnce();
      } catch {
        if (closed) return;
      }
      if (closed) return;
      handlers.onState('reconnecting');
      await new Promise((r) => setTimeout(r, retryMs));
      retryMs = Math.min(10_000, retryMs * 2);
    }
  })();

  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}
