import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/data.ts';
import { binaryAvailable } from '../helpers/influxd.ts';

/**
 * The compose stacks validated by Debian's docker-compose (1.29) `config`, which resolves the
 * .env variables, profiles and anchors. No Docker engine runs here: images are not built or started
 * (docs/deployment.md says what was and was not run).
 */
const COMPOSE = '/usr/bin/docker-compose';
const tmp = mkdtempSync(join(tmpdir(), 'gaitd-compose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Only the variables the stacks need come from the env file; nothing from the test's environment.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(GAITD_|INFLUX_|GF_|COMPOSE_)/.test(k)),
);

function compose(file: string, envFile: string, ...args: string[]) {
  const r = spawnSync(COMPOSE, ['--env-file', envFile, '-f', file, ...args], {
    cwd: PROJECT_ROOT,
    env: cleanEnv,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// biome-ignore lint/suspicious/noExplicitAny: the resolved compose document
type Doc = any;

/** `config` output as JSON (docker-compose is Python; its PyYAML reads the YAML back). */
function resolved(file: string, envFile = '.env.example'): Doc {
  const r = compose(file, envFile, 'config');
  expect(r.code, r.err).toBe(0);
  const py = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
    input: r.out,
    encoding: 'utf8',
  });
  expect(py.status, py.stderr).toBe(0);
  return JSON.parse(py.stdout);
}

const datasourceUid = (flavour: string) =>
  /uid: (\S+)/.exec(
    readFileSync(join(PROJECT_ROOT, `dashboards/grafana/${flavour}/provisioning/datasources/gaitd.yml`), 'utf8'),
  )?.[1];

describe.skipIf(!binaryAvailable(COMPOSE, 'docker-compose'))('docker-compose stacks (docker-compose config)', () => {
  for (const [file, influxImage, flavour] of [
    ['docker-compose.yml', /^influxdb:2\./, 'flux'],
    ['docker-compose.v1.yml', /^influxdb:1\.8/, 'influxql'],
  ] as const) {
    it(`${file}: validates, with influxdb, grafana, a sim profile and a ble profile`, () => {
      const doc = resolved(file);
      expect(Object.keys(doc.services).sort()).toEqual(['gaitd', 'gaitd-sim', 'grafana', 'influxdb']);
      expect(doc.services.influxdb.image).toMatch(influxImage);
      expect(doc.services['gaitd-sim'].profiles).toEqual(['sim']);
      expect(doc.services['gaitd-sim'].command).toContain('sim');
      expect(doc.services['gaitd-sim'].environment.GAITD_INFLUX_URL).toBe('http://influxdb:8086');
      const ble = doc.services.gaitd;
      expect(ble.profiles).toEqual(['ble']);
      expect(ble.network_mode).toBe('host');
      expect(ble.volumes.some((v: string) => v.startsWith('/run/dbus:/run/dbus'))).toBe(true);
      expect(ble.environment.GAITD_INFLUX_URL).toBe('http://127.0.0.1:8086');
      // Nothing is published beyond the host's loopback.
      for (const s of Object.values(doc.services) as Doc[])
        for (const p of s.ports ?? []) expect(String(p.host_ip ?? p), JSON.stringify(p)).toMatch(/^127\.0\.0\.1/);
      // Grafana's bind mounts exist, and its datasource is the one the dashboards name.
      const mounts = (doc.services.grafana.volumes as string[]).filter((v) => v.startsWith('/'));
      expect(mounts.length).toBe(2);
      for (const m of mounts) expect(existsSync(m.split(':')[0]), m).toBe(true);
      const dashboard = JSON.parse(
        readFileSync(join(PROJECT_ROOT, `dashboards/grafana/${flavour}/dashboards/gaitd.json`), 'utf8'),
      );
      expect(dashboard.panels[0].datasource.uid).toBe(datasourceUid(flavour));
    });

    it(`${file}: refuses to resolve without the API token, saying which variable to set`, () => {
      const env = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('GAITD_API_TOKEN='))
        .join('\n');
      const envFile = join(tmp, `no-token-${file}.env`);
      writeFileSync(envFile, env);
      const r = compose(file, envFile, 'config', '-q');
      expect(r.code).not.toBe(0);
      expect(r.err).toMatch(/set GAITD_API_TOKEN in \.env/);
    });
  }

  it('.env.example documents every variable the compose files use', () => {
    const example = new Set(
      readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split('=')[0]),
    );
    for (const file of ['docker-compose.yml', 'docker-compose.v1.yml']) {
      const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
      const required = [...text.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]);
      expect(required.length).toBeGreaterThan(5);
      for (const v of required) expect(example.has(v), `${file}: ${v}`).toBe(true);
    }
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
  it('is multi-stage, runs as a non-root user, and has a healthcheck on /health', () => {
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const runtime = text.slice(text.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/health/ms);
    // The runtime stage copies the production node_modules, not the toolchain stage's dev tree.
    expect(text).toMatch(/npm prune --omit=dev/);
  });
  it('copies only paths that exist in the repository or are built in the image', () => {
    for (const m of text.matchAll(/^COPY --from=build \S+ \/app\/(\S+)/gm)) {
      const path = m[1];
      if (path === 'dashboards/web/dist' || path === 'node_modules') continue;
      expect(existsSync(join(PROJECT_ROOT, path)), path).toBe(true);
    }
  });
});
