import type { Evidence } from '../gait/types.ts';

export interface Alert {
  readonly id: string;
  readonly t: number;
  readonly kind: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly acknowledged: boolean;
}
