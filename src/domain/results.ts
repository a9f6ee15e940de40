import type { Assessment, AsymmetryWindow, Evidence, GaitEvent, Stride, TrunkStride } from './gait.ts';
import type { SensorStatus } from './sensors.ts';

export interface Alert {
  readonly id: string;
  readonly t: number;
  readonly kind: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly acknowledged: boolean;
}

/**
 * What the pipeline emits, live and offline: one tagged result at a time, in time order per kind
 * as far as settling allows: a result that surfaces late (an FC found once the swing after it is
 * seen, strides around a gap or a sensor dropout) can follow a later one of its kind by up to a
 * few seconds. Consumers that need strict order sort by the result's time.
 * Storage (journal, outbox → InfluxDB), the API and alerts all consume this one stream.
 */
export type GaitResult =
  | { readonly kind: 'event'; readonly event: GaitEvent }
  | { readonly kind: 'stride'; readonly stride: Stride }
  | { readonly kind: 'trunk'; readonly trunk: TrunkStride }
  | { readonly kind: 'window'; readonly window: AsymmetryWindow }
  | { readonly kind: 'assessment'; readonly assessment: Assessment }
  | { readonly kind: 'alert'; readonly alert: Alert }
  | { readonly kind: 'sensor'; readonly t: number; readonly status: SensorStatus };

/** A session is one run of the pipeline for one wearer (live walk, replay, analysis). */
export interface SessionInfo {
  readonly id: string;
  readonly wearer: string;
  /** Unix ms of the session's t = 0 on the wearer timeline; result times are seconds from it. */
  readonly startedAtMs: number;
  readonly source: 'sim' | 'ble' | 'replay';
  readonly label?: string;
}
