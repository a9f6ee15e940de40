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

/** Incremental SSE parser (WHATWG "event stream interpretation"); feed text chunks, get messages. */
export function createSseParser(onMessage: (m: SseMessage) => void): (chunk: string) => void {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const nl = buffer.search(/\r\n|\r|\n/);
      if (nl < 0) return;
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(buffer[nl] === '\r' && buffer[nl + 1] === '\n' ? nl + 2 : nl + 1);
      if (line === '') {
        if (data.length > 0) onMessage({ id, event: event || 'message', data: data.join('\n') });
        data = [];
        event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') event = value;
      else if (field === 'id' && !value.includes('\0')) id = value;
    }
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
      const type = typeof payload.type === 'string' ? payload.type : m.event;
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
