import { InfluxDB } from 'influx';
import type { InfluxConfig } from '../config/schema.ts';
import type { InfluxSink, PrepareOutcome, WriteOutcome } from './sink.ts';
import { classifyHttpFailure, networkFailure } from './sink.ts';
import { type StorageLog, silentLog } from './types.ts';

type V1Config = Extract<InfluxConfig, { version: 1 }>;

/**
 * InfluxDB 1.x. The `influx` client does the administration (ping, list and create the database).
 * Writes POST the outbox's line protocol as is to /write: `influx.writePoints` would re-serialize
 * from objects, and its host pool retries and marks hosts offline on its own, hiding the status code
 * and Retry-After the outbox needs to tell retryable from permanent failures.
 */
export function createInfluxV1Sink(config: V1Config, log: StorageLog = silentLog, timeoutMs = 15_000): InfluxSink {
  const url = new URL(config.url);
  // A fresh admin client per check: the client's host pool marks a host offline after a failure and
  // would answer "No host available" for a while after the server is back.
  const adminClient = () =>
    new InfluxDB({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      path: url.pathname.replace(/\/$/, ''),
      database: config.database,
      username: config.username,
      password: config.password,
      pool: { maxRetries: 0, requestTimeout: timeoutMs },
    });
  const query = new URLSearchParams({ db: config.database, precision: 'ns' });
  if (config.retentionPolicy) query.set('rp', config.retentionPolicy);
  // Basic auth in a header rather than u/p in the query string, which proxies and access logs keep.
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (config.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  }
  const writeUrl = `${config.url.replace(/\/$/, '')}/write?${query}`;
  const where = `${url.origin}${url.pathname.replace(/\/$/, '')} db=${config.database}`;

  return {
    description: `InfluxDB v1 ${where}`,

    async prepare(): Promise<PrepareOutcome> {
      const admin = adminClient();
      let names: string[];
      try {
        names = await admin.getDatabaseNames();
      } catch (err) {
        const message = (err as Error).message.replace(/\s+/g, ' ').trim();
        const fatal = /\b(401|403)\b/.test(message);
        return {
          ok: false,
          fatal,
          error: fatal
            ? `InfluxDB v1 ${where}: credentials rejected (${message}); check GAITD_INFLUX_USERNAME / GAITD_INFLUX_PASSWORD`
            : `InfluxDB v1 ${where}: unreachable (${message}); results stay queued in the journal until it answers`,
        };
      }
      if (!names.includes(config.database)) {
        try {
          await admin.createDatabase(config.database);
        } catch (err) {
          return {
            ok: false,
            fatal: true,
            error: `InfluxDB v1 ${where}: database "${config.database}" is missing and could not be created (${(err as Error).message}); create it or grant the user admin rights`,
          };
        }
        log.info({ database: config.database }, `InfluxDB v1: created missing database "${config.database}"`);
      }
      if (config.retentionPolicy) {
        // A missing retention policy makes every write fail with a 500: say so at start-up instead.
        let policies: { name: string }[];
        try {
          policies = await admin.showRetentionPolicies(config.database);
        } catch (err) {
          return { ok: false, fatal: false, error: `InfluxDB v1 ${where}: ${(err as Error).message}` };
        }
        if (!policies.some((p) => p.name === config.retentionPolicy))
          return {
            ok: false,
            fatal: true,
            error: `InfluxDB v1 ${where}: retention policy "${config.retentionPolicy}" does not exist on database "${config.database}"; create it (CREATE RETENTION POLICY ...) or remove influx.retentionPolicy`,
          };
      }
      return { ok: true };
    },

    async write(lines: readonly string[]): Promise<WriteOutcome> {
      let res: Response;
      try {
        res = await fetch(writeUrl, {
          method: 'POST',
          body: lines.join('\n'),
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        return networkFailure(err);
      }
      if (res.status === 204 || res.status === 200) {
        await res.body?.cancel();
        return { ok: true };
      }
      return classifyHttpFailure(res.status, await res.text(), res.headers.get('retry-after'));
    },
  };
}
