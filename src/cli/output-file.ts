import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../domain/errors.ts';

/** The path with symlinks resolved as far as it exists (a new file's directory usually does). */
function realPath(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : resolve(realPath(parent), basename(abs));
}

/** Whether `path` is `dir` or lies inside it (after resolving symlinks). */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(realPath(dir), realPath(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface OutputFileRules {
  /** Replace an existing file (never a directory). */
  readonly force?: boolean;
  /** Directories the output must stay out of, even with --force (the input recording). */
  readonly notInside?: readonly string[];
  /** Files the output must never be (the journal), even with --force. */
  readonly never?: readonly string[];
}

/**
 * Checks an output file flag before anything is computed: an existing file is replaced only with
 * --force, and a command never writes into its own input. Throws a UserError naming the flag.
 */
export function checkOutputFile(flag: string, path: string, rules: OutputFileRules = {}): void {
  for (const dir of rules.notInside ?? []) {
    if (isInside(path, dir)) {
      throw new UserError(`${flag} ${path}: is inside the input recording ${dir}; write the output somewhere else`);
    }
  }
  for (const file of rules.never ?? []) {
    if (realPath(path) === realPath(file))
      throw new UserError(`${flag} ${path}: is the journal itself; choose another file`);
  }
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) throw new UserError(`${flag} ${path}: is a directory; give a file name`);
  if (!rules.force) {
    throw new UserError(`${flag} ${path}: file exists; pass --force to replace it or choose another name`);
  }
}
