/** An error the user caused and can fix: printed as one line, no stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Parses a number flag or throws a UserError naming the flag. */
export function parseNumberFlag(
  name: string,
  value: string,
  opts: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UserError(`${name}: "${value}" is not a number`);
  if (opts.integer && !Number.isInteger(n)) throw new UserError(`${name}: "${value}" must be a whole number`);
  if (opts.min !== undefined && n < opts.min) throw new UserError(`${name}: ${n} is below the minimum ${opts.min}`);
  if (opts.max !== undefined && n > opts.max) throw new UserError(`${name}: ${n} is above the maximum ${opts.max}`);
  return n;
}
