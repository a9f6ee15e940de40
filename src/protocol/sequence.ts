/**
 * Sequence and tick arithmetic a receiver needs (firmware-protocol/SPEC.md § 3.5). Both counters
 * wrap, so every comparison is a modular difference, never a `<` on raw values.
 */
import { RATES_HZ, TICK_HZ } from './packet.ts';

export type SeqStep =
  | { readonly kind: 'next' }
  | { readonly kind: 'gap'; readonly lostPackets: number }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'late' };

/** Classifies a packet's seq against the previous one's: u16, wraps 65535 → 0. */
export function seqStep(prevSeq: number, seq: number): SeqStep {
  const step = (seq - prevSeq) & 0xffff;
  if (step === 1) return { kind: 'next' };
  if (step === 0) return { kind: 'duplicate' };
  // More than half the ring ahead is read as behind: a reordered late packet, not 32k lost ones.
  if (step > 0x8000) return { kind: 'late' };
  return { kind: 'gap', lostPackets: step - 1 };
}

/** Ticks from prevTick forward to tick, modulo 2^32 (valid while they are < 36.4 h apart). */
export function tickDelta(prevTick: number, tick: number): number {
  return (tick - prevTick) >>> 0;
}

/** Signed tick difference tick − ref in −2^31..2^31−1 (±18.2 h), for comparing with time-sync ticks. */
export function tickDiffSigned(ref: number, tick: number): number {
  return (tick - ref) | 0;
}

/** Extends a wrapping u32 tick to a monotonic count, given the previous unwrapped value. */
export function unwrapTick(prevUnwrapped: number, tick: number): number {
  return prevUnwrapped + tickDelta(prevUnwrapped % 2 ** 32, tick);
}

/** Sensor ticks per sample at a rate code: 655.36 at 50 Hz … 81.92 at 400 Hz (not integers). */
export function ticksPerSample(rateCode: number): number {
  return TICK_HZ / RATES_HZ[rateCode];
}

/** Longest missing span a receiver may interpolate across (SPEC § 3.5). */
export const MAX_INTERPOLATION_S = 0.1;
