import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reasonOf } from './errors.ts';

/** Whether binding `host` keeps the API on this machine: 127.0.0.0/8, ::1 or "localhost". */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** Why the API refuses to start with these settings, or undefined when it may. */
export function bindRefusal(host: string, token: string | undefined): string | undefined {
  if (token !== undefined && token.length < 16) {
    return 'api.token (GAITD_API_TOKEN) is shorter than 16 characters; use a long random value, e.g. `openssl rand -hex 32`';
  }
  if (!isLoopbackHost(host) && token === undefined) {
    return `refusing to serve the API on ${host}: it is not a loopback address and no token is set; set api.token (GAITD_API_TOKEN) to a long random value, or bind api.host to 127.0.0.1`;
  }
  return undefined;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Bearer-token check. Both sides are hashed first so `timingSafeEqual` compares equal lengths and
 * the time taken says nothing about the token's length or prefix.
 */
export function tokenChecker(token: string): (presented: string | undefined) => boolean {
  const expected = sha256(token);
  return (presented) => presented !== undefined && timingSafeEqual(sha256(presented), expected);
}

function presentedToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? m[1] : undefined;
  }
  // EventSource cannot set headers: /api/live also takes ?token=.
  if (request.routeOptions.url === '/api/live') {
    const q = (request.query as { token?: unknown } | undefined)?.token;
    return typeof q === 'string' ? q : undefined;
  }
  return undefined;
}

/** Paths served without a token: the dashboard's static files and the API documentation. */
function isPublic(url: string): boolean {
  const path = url.split('?')[0];
  return !(path === '/health' || path === '/metrics' || path.startsWith('/api/') || path === '/api');
}

export function authHook(token: string) {
  const check = tokenChecker(token);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (isPublic(request.url)) return;
    if (check(presentedToken(request))) return;
    reply
      .status(401)
      .header('www-authenticate', 'Bearer realm="gaitd"')
      .send({
        error: reasonOf(401),
        message: 'missing or wrong bearer token: send "Authorization: Bearer <api.token>"',
      });
    return reply;
  };
}
