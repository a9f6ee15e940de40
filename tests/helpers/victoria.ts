import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryAvailable, freePort, type ServerProcess, spawnServer, waitForHttp } from './influxd.ts';

export const VICTORIA = '/usr/bin/victoria-metrics';

export const victoriaAvailable = (): boolean => binaryAvailable(VICTORIA, 'victoria-metrics');

/** One exported series: VictoriaMetrics names it `<measurement>_<field>` with the tags as labels. */
export interface VictoriaSeries {
  readonly metric: Record<string, string>;
  readonly values: number[];
  readonly timestamps: number[];
}

/**
 * VictoriaMetrics single-node on a free loopback port: it accepts InfluxDB line protocol at
 * /write and /api/v2/write, so it stands in for the 2.x write API. Differences that matter to tests:
 * it keeps milliseconds only, answers 204 even to malformed lines, and needs a long retention
 * period or it drops old timestamps.
 */
export interface Victoria {
  readonly url: string;
  /** Every sample of series whose name matches the regular expression, after a forced flush. */
  exportSeries(nameRegex: string): Promise<VictoriaSeries[]>;
  dispose(): Promise<void>;
}

export async function launchVictoria(): Promise<Victoria> {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-victoria-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = spawnServer(VICTORIA, [
    `-storageDataPath=${join(dir, 'data')}`,
    `-httpListenAddr=127.0.0.1:${port}`,
    '-retentionPeriod=100y',
    '-loggerLevel=ERROR',
  ]);
  await waitForHttp(`${url}/health`, 30_000, proc);
  return {
    url,
    async exportSeries(nameRegex) {
      await fetch(`${url}/internal/force_flush`);
      const match = encodeURIComponent(`{__name__=~"${nameRegex}"}`);
      const res = await fetch(`${url}/api/v1/export?match[]=${match}&start=0`);
      if (!res.ok) throw new Error(`victoria export: ${res.status} ${await res.text()}`);
      const text = await res.text();
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as VictoriaSeries);
    },
    async dispose() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
