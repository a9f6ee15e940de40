import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { listSessions, readSession } from '../../src/storage/journal-read.ts';
import { FIXTURE_RECORDINGS, PROJECT_ROOT } from '../helpers/data.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function gaitd(
  args: string[],
  opts: { onStdout?: (text: string, kill: () => void) => void; env?: Record<string, string> } = {},
) {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/gaitd.js'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, GAITD_LOG_LEVEL: 'info', ...opts.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
    opts.onStdout?.(stdout, () => child.kill('SIGTERM'));
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const parseStatus = (line: string) => {
  const m = /strides L (\d+) R (\d+)\s+cadence ([\d.]+)\/min/.exec(line);
  return m ? { left: Number(m[1]), right: Number(m[2]), cadence: Number(m[3]) } : undefined;
};

describe('gaitd run', () => {
  it('walks the simulated walker through the pipeline into the journal and prints status lines', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-run-'));
    dirs.push(dataDir);
    const { code, stdout, stderr } = await gaitd([
      'run',
      '--duration',
      '40',
      '--speed',
      '20',
      '--status-every',
      '0.5',
      '--data-dir',
      dataDir,
      '--no-api',
    ]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    const last = parseStatus(lines.at(-1)!);
    // The healthy walker strides about once per 1.1 s: ~34 strides per side in 40 s, minus
    // the start-up and the last stride still open at the end.
    expect(last?.left).toBeGreaterThan(25);
    expect(last?.right).toBeGreaterThan(25);
    expect(last?.cadence).toBeGreaterThan(95);
    expect(last?.cadence).toBeLessThan(125);
    expect(stderr).toContain('session ended');
    const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
    try {
      const [session] = listSessions(db);
      expect(session.source).toBe('sim');
      const stored = readSession(db, session.id)!;
      expect(stored.strides.length).toBe(last!.left + last!.right);
      expect(stored.sensors.length).toBeGreaterThan(3);
      expect(stored.trunk.length).toBeGreaterThan(40);
    } finally {
      db.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-run-'));
    dirs.push(dataDir);
    const started = Date.now();
    let sent = false;
    const { code, stderr } = await gaitd(
      ['run', '--speed', '5', '--status-every', '0.3', '--data-dir', dataDir, '--no-api'],
      {
        onStdout(text, kill) {
          if (!sent && text.includes('packets')) {
            sent = true;
            kill();
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"signal":"SIGTERM"');
    expect(stderr).toContain('session ended');
    // An open-ended run (8 h of walk by default) ended at the signal, not at its duration.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('on SIGTERM drains the InfluxDB outbox for a bounded time and says how many points are still queued', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-run-'));
    dirs.push(dataDir);
    let sent = false;
    let sentAt = 0;
    // Nothing listens on port 1: every write fails, the points stay in the journal's outbox.
    const { code, stderr } = await gaitd(
      ['run', '--speed', '20', '--status-every', '0.3', '--data-dir', dataDir, '--no-api'],
      {
        env: { GAITD_INFLUX_URL: 'http://127.0.0.1:1', GAITD_INFLUX_DATABASE: 'gait' },
        onStdout(text, kill) {
          const strides = /strides L (\d+)/.exec(text.trim().split('\n').at(-1) ?? '');
          if (!sent && strides && Number(strides[1]) > 5) {
            sent = true;
            sentAt = Date.now();
            kill();
          }
        },
      },
    );
    expect(sent).toBe(true);
    expect(code, stderr).toBe(0);
    const queued = /outbox: (\d+) point\(s\) still queued for InfluxDB v1 http:\/\/127\.0\.0\.1:1/.exec(stderr);
    expect(queued, stderr).not.toBeNull();
    const db = new Database(join(dataDir, 'journal.sqlite'), { readonly: true });
    try {
      const outbox = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
      expect(outbox).toBe(Number(queued![1]));
      expect(outbox).toBeGreaterThan(10);
    } finally {
      db.close();
    }
    // The drain is bounded (5 s), not the 120 s a replay waits.
    expect(Date.now() - sentAt).toBeLessThan(30_000);
  });

  it('assesses from the start against a --baseline file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gaitd-run-'));
    dirs.push(dataDir);
    const baseline = join(dataDir, 'baseline.json');
    const made = await gaitd([
      'baseline',
      join(FIXTURE_RECORDINGS, 'gaitmap-healthy_2x20m'),
      '--strides',
      '20',
      '-o',
      baseline,
    ]);
    expect(made.code, made.stderr).toBe(0);
    const { code, stdout, stderr } = await gaitd([
      'run',
      '--duration',
      '30',
      '--speed',
      '20',
      '--status-every',
      '5',
      '--no-storage',
      '--no-api',
      '--baseline',
      baseline,
    ]);
    expect(code, stderr).toBe(0);
    // Without a baseline the status says "learning baseline" until 60 strides per side.
    expect(stdout.trim().split('\n').at(-1)).not.toContain('learning baseline');
  });

  it('rejects a bad flag with a one-line message', async () => {
    const { code, stderr } = await gaitd(['run', '--speed', 'fast']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('gaitd: --speed: "fast" is not a number');
  });
});
