import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type EnsureDirResult = { ok: true } | { ok: false; error: string };

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? String(err);

/**
 * Creates a directory (and missing parents) one level at a time, after checking that the nearest
 * existing ancestor is a writable directory. Node 20's `mkdir({recursive: true})` spins forever at
 * 100 % CPU where the kernel answers ENOENT for an existing parent (e.g. /proc/x), so it is never
 * used for paths a user gives. Errors name the path and the reason.
 */
export function ensureWritableDir(path: string): EnsureDirResult {
  const target = resolve(path);
  const missing: string[] = [];
  let existing = target;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) return { ok: false, error: `${existing} exists and is not a directory` };
      break;
    } catch (err) {
      const code = codeOf(err);
      if (code === 'ENOTDIR') return { ok: false, error: `${existing}: a parent is not a directory` };
      if (code !== 'ENOENT') return { ok: false, error: `${existing}: cannot be inspected (${code})` };
      const parent = dirname(existing);
      if (parent === existing) return { ok: false, error: `${target}: no existing parent directory` };
      missing.unshift(existing);
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (err) {
    return { ok: false, error: `${existing} is not writable (${codeOf(err)})` };
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = codeOf(err);
      if (code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      return { ok: false, error: `cannot create ${dir} (${code})` };
    }
  }
  try {
    accessSync(target, constants.W_OK);
  } catch (err) {
    return { ok: false, error: `${target} is not writable (${codeOf(err)})` };
  }
  return { ok: true };
}
