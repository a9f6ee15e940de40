import { type ClientRequest, get, type IncomingMessage } from 'node:http';

export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly comment?: string;
  readonly retry?: string;
}

/** A minimal EventSource for tests: the raw frames as the server wrote them. */
export interface SseClient {
  readonly response: IncomingMessage;
  readonly frames: SseFrame[];
  /** Resolves once `predicate` holds for the frames received (rejects after `timeoutMs`). */
  until(predicate: (frames: readonly SseFrame[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
  readonly request: ClientRequest;
  closed: boolean;
}

function parseFrame(block: string): SseFrame {
  const frame: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else {
      const i = line.indexOf(':');
      const key = line.slice(0, i);
      frame[key] = line.slice(i + 1).replace(/^ /, '');
    }
  }
  return frame;
}

export function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      let buffer = '';
      const frames: SseFrame[] = [];
      const waiters = new Set<() => void>();
      response.setEncoding('utf8');
      const client: SseClient = {
        response,
        frames,
        request,
        closed: false,
        until(predicate, timeoutMs = 5000) {
          if (predicate(frames)) return Promise.resolve();
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`SSE: condition not met within ${timeoutMs} ms; ${frames.length} frames received`));
            }, timeoutMs);
            const check = () => {
              if (!predicate(frames)) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok();
            };
            waiters.add(check);
          });
        },
        close() {
          request.destroy();
        },
      };
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        for (const w of [...waiters]) w();
      });
      response.on('close', () => {
        client.closed = true;
        for (const w of [...waiters]) w();
      });
      resolve(client);
    });
    request.on('error', reject);
  });
}
