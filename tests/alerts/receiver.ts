import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with what a real receiver would check. */
export interface ReceivedRequest {
  readonly delivery: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  /** The signature matches HMAC-SHA256(secret, timestamp + "." + body), checked as a receiver would. */
  readonly signatureValid: boolean;
  readonly atMs: number;
}

/**
 * What to answer: a status code; 'hang' (never answer; the sender's timeout or a kill ends it); or
 * 'accept-hang' (process the delivery, i.e. count it accepted, but never answer: the receiver got
 * it while the sender cannot know).
 */
export type Answer = number | 'hang' | 'accept-hang';

/**
 * A real webhook receiver on 127.0.0.1 (node:http) that verifies signatures and drops duplicate
 * delivery ids the way the docs tell receivers to: `accepted` counts each id once.
 */
export async function startReceiver(secret: string, answer: (req: ReceivedRequest) => Answer = () => 200) {
  const requests: ReceivedRequest[] = [];
  const accepted = new Map<string, number>();
  const duplicates: string[] = [];
  const hanging = new Set<ServerResponse>();
  const waiters: (() => void)[] = [];
  let answerFn = answer;
  let redirectTo: string | undefined;
  const accept = (delivery: string) => {
    if (accepted.has(delivery)) duplicates.push(delivery);
    accepted.set(delivery, (accepted.get(delivery) ?? 0) + 1);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-gaitd-timestamp'] ?? '');
      const signature = String(req.headers['x-gaitd-signature'] ?? '');
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
      );
      const got = Buffer.from(signature);
      const r: ReceivedRequest = {
        delivery: String(req.headers['x-gaitd-delivery'] ?? ''),
        timestamp,
        signature,
        body,
        signatureValid: got.length === expected.length && timingSafeEqual(got, expected),
        atMs: Date.now(),
      };
      requests.push(r);
      const a = answerFn(r);
      if (a === 'hang' || a === 'accept-hang') {
        if (a === 'accept-hang' && r.signatureValid) accept(r.delivery);
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
      } else {
        if (a >= 200 && a < 300 && r.signatureValid) accept(r.delivery);
        const headers = {
          'content-type': 'text/plain',
          ...(redirectTo && a >= 300 && a < 400 ? { location: redirectTo } : {}),
        };
        res.writeHead(a, headers).end(a < 300 ? 'ok' : 'no');
      }
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/gaitd`,
    requests,
    /** Delivery id → times a valid request with it was processed (answered 2xx, or accept-hang). */
    accepted,
    /** Delivery ids answered 2xx more than once (a receiver drops these). */
    duplicates,
    setAnswer(fn: (req: ReceivedRequest) => Answer) {
      answerFn = fn;
    },
    /** Where a 3xx answer points (Location). */
    setRedirect(url: string) {
      redirectTo = url;
    },
    /** Resolves once `predicate` holds (checked after each request), or rejects after timeoutMs. */
    async until(predicate: () => boolean, timeoutMs = 40_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) {
          const answers = requests.map((q) => q.delivery.slice(0, 8)).join(' ');
          throw new Error(
            `receiver: condition not met within ${timeoutMs} ms (${requests.length} requests: ${answers}; ${accepted.size} ids accepted)`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async close(): Promise<void> {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
