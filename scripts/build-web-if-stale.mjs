/**
 * Builds the web dashboard (dashboards/web → dashboards/web/dist) only when the bundle is missing
 * or older than its sources, so `npm start` after `npm install` starts at once instead of running
 * Vite every time. Sources: dashboards/web (but dist), src/ (the dashboard shares chart and gait
 * code) and the lock file (a dependency change).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dashboards/web/dist/index.html');

function newestMtimeMs(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  }
  return newest;
}

if (!existsSync(join(root, 'dashboards/web/vite.config.ts'))) {
  // A partial tree (the Dockerfile's dependency layer runs `npm ci` before copying the sources).
  process.stdout.write('no dashboards/web sources here; the dashboard is not built\n');
  process.exit(0);
}
const sources = ['dashboards/web', 'src', 'package-lock.json'].map((p) => join(root, p)).filter((p) => existsSync(p));
const newestSource = Math.max(...sources.map(newestMtimeMs));
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource) {
  process.stdout.write('dashboard bundle is up to date (dashboards/web/dist)\n');
  process.exit(0);
}
process.stdout.write('building the web dashboard (dashboards/web/dist)…\n');
const result = spawnSync('npx', ['vite', 'build', '--config', 'dashboards/web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
