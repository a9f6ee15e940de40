/**
 * A small tmpfs for the disk-full tests (`mount -t tmpfs` needs root). Where it cannot be mounted
 * the tests skip and say why; with CI=true (tests run as root there) that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_CI } from '../helpers/data.ts';

export interface Tmpfs {
  readonly dir: string;
  remount(options: string): void;
  unmount(): void;
}

export function mountTmpfs(sizeBytes: number, what: string): Tmpfs | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'gaitd-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const reason = `cannot mount a tmpfs (${(err as { stderr?: Buffer }).stderr?.toString().trim() || String(err)})`;
    if (IN_CI) throw new Error(`CI=true but ${reason}: the ${what} test needs root`);
    console.warn(`skipping ${what}: ${reason}; run as root`);
    return undefined;
  }
  return {
    dir,
    remount(options: string) {
      execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' });
    },
    unmount() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
