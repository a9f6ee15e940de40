import type { Side } from '../sensors/types.ts';

/**
 * The stable JSON written by `gaitd analyze --json` (documented in docs/analysis-output.md).
 * snake_case on purpose: it is a file format, read by people and other languages.
 * Change only by adding fields; bump `format_version` for anything else.
 */
export interface AnalysisOutput {
  readonly format: 'gaitd-analysis';
  readonly format_version: 1;
  readonly recording: {
    readonly dir: string;
    readonly wearer: string;
    readonly duration_s: number;
    readonly sensors: readonly string[];
  };
  readonly events: readonly {
    readonly t: number;
    readonly side: Side;
    readonly type: 'IC' | 'FC';
    readonly source: 'shank' | 'foot' | 'waist';
    readonly confidence: number;
  }[];
  readonly strides: readonly {
    readonly side: Side;
    readonly ic: number;
    readonly fc: number;
    readonly next_ic: number;
    readonly stride_time: number;
    readonly stance_time: number;
    readonly swing_time: number;
    readonly step_time: number | null;
    readonly stance_pct: number;
    readonly double_support: number | null;
    readonly rom: number | null;
    readonly peak_swing_velocity: number | null;
    readonly source: 'shank' | 'foot' | 'waist';
  }[];
  readonly trunk: readonly {
    readonly ic: number;
    readonly side: Side;
    readonly lateral_lean: number;
    readonly lean_in_stance: number;
    readonly ml_sway_rms: number;
    readonly harmonic_ratio: { readonly ap: number; readonly v: number; readonly ml: number };
    readonly step_regularity: number;
    readonly stride_regularity: number;
  }[];
  readonly windows: readonly {
    readonly t_start: number;
    readonly t_end: number;
    readonly n_left: number;
    readonly n_right: number;
    readonly cadence: number;
    readonly si: Readonly<Record<string, number>>;
    readonly ci: Readonly<Record<string, readonly [number, number]>>;
    readonly ga_swing: number;
    readonly pci: number | null;
    /** Symmetry ratio (larger / smaller) per metric; added in format 1 without a version bump. */
    readonly ratio?: Readonly<Record<string, number>>;
  }[];
  readonly assessments: readonly {
    readonly t: number;
    readonly pattern: 'knee-driven' | 'back-driven' | 'pelvic' | 'none';
    readonly side: Side | 'both' | 'none';
    readonly severity: number;
    readonly confidence: number;
    readonly evidence: readonly {
      readonly metric: string;
      readonly value: number;
      readonly baseline: number;
      readonly z: number;
    }[];
  }[];
  readonly summary: {
    readonly cadence_spm: number | null;
    readonly n_strides: { readonly left: number; readonly right: number };
    readonly stride_time_s: { readonly left: number | null; readonly right: number | null };
    readonly stance_time_s: { readonly left: number | null; readonly right: number | null };
    readonly swing_time_s: { readonly left: number | null; readonly right: number | null };
    readonly si: Readonly<Record<string, number>>;
    readonly assessment: AnalysisOutput['assessments'][number] & { readonly disclaimer: string };
  };
  readonly quality: {
    readonly sensors: Readonly<
      Record<
        string,
        {
          readonly samples: number;
          readonly rate_hz: number;
          readonly used_for: readonly string[];
          readonly orientation?: string;
        }
      >
    >;
    readonly packet_loss: number;
    readonly gaps: readonly { readonly location: string; readonly t: number; readonly duration_s: number }[];
    readonly bouts: readonly { readonly t_start: number; readonly t_end: number; readonly kind: 'walking' | 'turn' }[];
    readonly warnings: readonly string[];
  };
}
