/** Moved to the shared vocabulary (src/domain/results.ts); kept so existing imports work. */
export type { GaitResult, SessionInfo } from '../domain/results.ts';
