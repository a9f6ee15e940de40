import type { DaemonStatus } from './contract.ts';

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The compact terminal status line: packets, loss, strides per side, cadence, latest assessment. */
export function statusLine(
  s: Pick<DaemonStatus, 't' | 'packets' | 'loss' | 'decodeErrors' | 'strides' | 'cadence' | 'assessment' | 'sensors'>,
): string {
  const a = s.assessment;
  const assessment = a
    ? `${a.pattern}${a.side === 'none' ? '' : ` ${a.side}`} (severity ${a.severity.toFixed(2)})`
    : 'learning baseline';
  const disconnected = s.sensors.filter((x) => !x.connected).map((x) => x.location);
  return (
    `t=${s.t.toFixed(0)} s  packets ${s.packets}  loss ${pct(s.loss)}` +
    `${s.decodeErrors > 0 ? `  corrupt ${s.decodeErrors}` : ''}` +
    `  strides L ${s.strides.left} R ${s.strides.right}` +
    `  cadence ${s.cadence === null ? '–' : s.cadence.toFixed(1)}/min  assessment ${assessment}` +
    `${disconnected.length > 0 ? `  not sending: ${disconnected.join(', ')}` : ''}`
  );
}
