import { HttpError, InfluxDB } from '@influxdata/influxdb-client';
import type { InfluxConfig } from '../config/schema.ts';
import type { InfluxSink, PrepareOutcome, WriteOutcome } from './sink.ts';
import { classifyHttpFailure, networkFailure } from './sink.ts';

type V2Config = Extract<InfluxConfig, { version: 2 }>;

/**
 * InfluxDB 2.x / Cloud / Clustered through @influxdata/influxdb-client. Writes go through the client's
 * transport (`POST /api/v2/write`) one batch per call, not through its WriteApi: the WriteApi keeps its
 * own retry buffer in memory, which would duplicate the durable outbox and lose data on a crash.
 */
export function createInfluxV2Sink(config: V2Config, timeoutMs = 15_000): InfluxSink {
  const client = new InfluxDB({ url: config.url, token: config.token, timeout: timeoutMs });
  const query = new URLSearchParams({ org: config.org, bucket: config.bucket, precision: 'ns' });
  const where = `${new URL(config.url).origin} org=${config.org} bucket=${config.bucket}`;

  return {
    description: `InfluxDB v2 ${where}`,

    async prepare(): Promise<PrepareOutcome> {
      const path = `/api/v2/buckets?${new URLSearchParams({ name: config.bucket, org: config.org })}`;
      let answer: { buckets?: { name: string }[] };
      try {
        answer = (await client.transport.request(path, null, { method: 'GET' })) as typeof answer;
      } catch (err) {
        if (err instanceof HttpError) {
          if (err.statusCode === 401 || err.statusCode === 403)
            return {
              ok: false,
              fatal: true,
              error: `InfluxDB v2 ${where}: token rejected (HTTP ${err.statusCode}); check GAITD_INFLUX_TOKEN has write access to the bucket`,
            };
          if (err.statusCode === 404 && /organization/i.test(err.body ?? ''))
            return {
              ok: false,
              fatal: true,
              error: `InfluxDB v2 ${where}: organization "${config.org}" not found; check GAITD_INFLUX_ORG`,
            };
          // A server with the 2.x write API but no buckets API (InfluxDB 1.8+, VictoriaMetrics):
          // the bucket cannot be checked, writes will tell.
          return {
            ok: true,
            note: `bucket not verified: ${where} has no buckets API (HTTP ${err.statusCode})`,
          };
        }
        return {
          ok: false,
          fatal: false,
          error: `InfluxDB v2 ${where}: unreachable (${(err as Error).message}); results stay queued in the journal until it answers`,
        };
      }
      if (!answer.buckets?.some((b) => b.name === config.bucket))
        return {
          ok: false,
          fatal: true,
          error: `InfluxDB v2 ${where}: bucket "${config.bucket}" does not exist in org "${config.org}"; create it (influx bucket create -n ${config.bucket} -o ${config.org}) or fix GAITD_INFLUX_BUCKET`,
        };
      return { ok: true };
    },

    async write(lines: readonly string[]): Promise<WriteOutcome> {
      try {
        await client.transport.request(`/api/v2/write?${query}`, lines.join('\n'), {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        });
        return { ok: true };
      } catch (err) {
        if (err instanceof HttpError) {
          const retryAfter = err.headers?.['retry-after'];
          return classifyHttpFailure(
            err.statusCode,
            err.body ?? err.message,
            Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          );
        }
        return networkFailure(err);
      }
    },
  };
}
