import type { ServerResponse } from 'node:http';
import type { Subscription } from 'rxjs';
import type { Gaitd, LiveEvent } from '../daemon/contract.ts';

/**
 * Server-Sent Events of `gaitd.live` to any number of browsers. One subscription to the daemon;
 * each event is serialized once and written to every client. A client that cannot keep up gets a
 * bounded queue in memory; when that overflows the client is dropped (it reconnects and resumes
 * with Last-Event-ID), so a slow browser never holds up the pipeline or the other clients.
 */
export interface LiveHubOptions {
  /** Comment line sent this often so proxies and browsers keep an idle stream open, ms. */
  readonly heartbeatMs: number;
  /** Bytes queued for one client beyond what the socket accepted before it is dropped. */
  readonly maxQueuedBytes: number;
  readonly maxClients: number;
}

export const LIVE_DEFAULTS: LiveHubOptions = { heartbeatMs: 15_000, maxQueuedBytes: 4 * 1024 * 1024, maxClients: 200 };

/** The SSE frame of one live event: `id:`, `event:` (its type) and one `data:` line of JSON. */
export function liveFrame(e: LiveEvent): string {
  let data: unknown;
  switch (e.type) {
    case 'result':
      data = { session: e.session.id, result: e.result };
      break;
    case 'session-start':
    case 'session-end':
      data = { session: e.session };
      break;
    case 'status':
      data = e.status;
      break;
  }
  // JSON.stringify writes NaN as null and never emits a raw line break, so one data line suffices.
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Client {
  readonly res: ServerResponse;
  queue: string[];
  queuedBytes: number;
  /** The socket refused the last write; queue until 'drain'. */
  waiting: boolean;
}

export interface LiveStats {
  readonly clients: number;
  readonly dropped: number;
  readonly events: number;
}

export type LiveHub = ReturnType<typeof createLiveHub>;

export function createLiveHub(gaitd: Gaitd, options: LiveHubOptions = LIVE_DEFAULTS) {
  const clients = new Set<Client>();
  let dropped = 0;
  let events = 0;
  let subscription: Subscription | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  function drop(client: Client): void {
    clients.delete(client);
    dropped++;
    client.queue = [];
    client.res.destroy();
  }

  function write(client: Client, frame: string): void {
    if (client.waiting) {
      client.queue.push(frame);
      client.queuedBytes += frame.length;
      if (client.queuedBytes > options.maxQueuedBytes) drop(client);
      return;
    }
    if (!client.res.write(frame)) client.waiting = true;
  }

  function flush(client: Client): void {
    client.waiting = false;
    const queued = client.queue;
    client.queue = [];
    client.queuedBytes = 0;
    for (const frame of queued) write(client, frame);
  }

  function broadcast(frame: string): void {
    for (const client of clients) write(client, frame);
  }

  return {
    start(): void {
      subscription = gaitd.live.subscribe((e) => {
        events++;
        if (clients.size > 0) broadcast(liveFrame(e));
      });
      heartbeat = setInterval(() => broadcast(': heartbeat\n\n'), options.heartbeatMs);
      heartbeat.unref();
    },

    /** Whether another client may connect. */
    full: (): boolean => clients.size >= options.maxClients,

    /**
     * Starts streaming to `res` (headers already chosen by the caller). With `lastEventId`, the
     * events after it are sent first from the daemon's resume buffer, or a `reset` event when the
     * buffer no longer reaches back that far. Synchronous from the replay to joining the broadcast,
     * so no event is missed or sent twice.
     */
    attach(res: ServerResponse, headers: Record<string, string | number | string[]>, lastEventId?: number): void {
      res.writeHead(200, headers);
      res.flushHeaders();
      const client: Client = { res, queue: [], queuedBytes: 0, waiting: false };
      res.on('drain', () => {
        if (clients.has(client)) flush(client);
      });
      res.on('close', () => clients.delete(client));
      write(client, 'retry: 3000\n\n');
      if (lastEventId !== undefined) {
        const missed = gaitd.liveSince(lastEventId);
        if (missed === undefined) {
          const message = `events after ${lastEventId} are no longer kept; reload the page state (GET /api/status, /api/sessions) and continue from here`;
          write(client, `event: reset\ndata: ${JSON.stringify({ message })}\n\n`);
        } else {
          for (const e of missed) write(client, liveFrame(e));
        }
      }
      if (!res.destroyed) clients.add(client);
    },

    stats: (): LiveStats => ({ clients: clients.size, dropped, events }),

    /** Prometheus lines for the API's own figures. */
    metrics(): string {
      return [
        '# HELP gaitd_api_live_clients Browsers connected to /api/live',
        '# TYPE gaitd_api_live_clients gauge',
        `gaitd_api_live_clients ${clients.size}`,
        '# HELP gaitd_api_live_dropped_total Live clients dropped because they could not keep up',
        '# TYPE gaitd_api_live_dropped_total counter',
        `gaitd_api_live_dropped_total ${dropped}`,
        '',
      ].join('\n');
    },

    stop(): void {
      subscription?.unsubscribe();
      subscription = undefined;
      if (heartbeat) clearInterval(heartbeat);
      for (const client of clients) client.res.end();
      clients.clear();
    },
  };
}
