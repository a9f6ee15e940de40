/** Moved to the shared vocabulary (src/domain/results.ts); kept so existing imports work. */
export type { Alert } from '../domain/results.ts';
