/** Moved out of src/cli (nothing imports src/cli); kept so the commands' imports work. */
export { parseNumberFlag, UserError } from '../domain/errors.ts';
