import type { Evidence } from '../../gait/types.ts';
import type { Location } from '../../sensors/types.ts';

/** What a rule decides: an alert to raise, before it gets an id and is stored (src/alerts/index.ts). */
export interface AlertDraft {
  readonly kind: 'compensation' | 'asymmetry' | 'sensor-disconnected' | 'battery-low' | 'packet-loss';
  readonly t: number;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Sensors to buzz, in order of preference (the first that accepts the command). */
  readonly haptic: readonly (readonly Location[])[];
}
