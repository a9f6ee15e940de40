/** Moved to the shared vocabulary (src/domain/sensors.ts); kept so existing imports work. */
export type { ImuChunk } from '../domain/sensors.ts';
