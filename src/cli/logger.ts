/** Moved out of src/cli (nothing imports src/cli); kept so the commands' imports work. */
export { createLogger } from '../log/logger.ts';
