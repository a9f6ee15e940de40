/** Moved to the shared vocabulary (src/domain/sensors.ts); kept so existing imports work. */
export type { Location, RawNotification, SensorStatus, Side } from '../domain/sensors.ts';
export { isLocation, LOCATIONS, sideOf } from '../domain/sensors.ts';
