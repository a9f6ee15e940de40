import { filter, map, type Observable, type OperatorFunction } from 'rxjs';
import { seqStep, ticksPerSample } from '../protocol/sequence.ts';
import type { TimedPacket } from './sync-clock.ts';

/** A timed packet with the data missing just before it made explicit. */
export interface AccountedPacket extends TimedPacket {
  /** Seconds of missing samples just before this packet's first sample, if any. */
  readonly gapBefore?: number;
}

/** Running packet-loss figures per sensor (for SensorStatus.packetLoss and quality.packet_loss). */
export interface LossCounter {
  received(sensorId: string): number;
  lost(sensorId: string): number;
  /** Fraction 0..1 of packets lost so far for one sensor, or over all sensors. */
  lossFraction(sensorId?: string): number;
}

interface SensorLoss {
  lastSeq: number;
  nextTick: number;
  received: number;
  lost: number;
}

export function createLossCounter(): LossCounter & { readonly state: Map<string, SensorLoss> } {
  const state = new Map<string, SensorLoss>();
  const sum = (f: (s: SensorLoss) => number) => [...state.values()].reduce((acc, s) => acc + f(s), 0);
  return {
    state,
    received: (id) => state.get(id)?.received ?? 0,
    lost: (id) => state.get(id)?.lost ?? 0,
    lossFraction(id) {
      const r = id === undefined ? sum((s) => s.received) : (state.get(id)?.received ?? 0);
      const l = id === undefined ? sum((s) => s.lost) : (state.get(id)?.lost ?? 0);
      return r + l === 0 ? 0 : l / (r + l);
    },
  };
}

/**
 * Sequence gaps → explicit missing spans. The u16 seq says HOW MANY packets were lost (it wraps
 * 65535 → 0); the unwrapped tick says how LONG the hole is (a FIFO overrun loses samples without
 * a seq gap). Duplicates and late, reordered packets are dropped: the analysis buffers append
 * in time order and a late packet's hole has already been accounted for.
 */
export function accountLoss(
  counter: ReturnType<typeof createLossCounter> = createLossCounter(),
): OperatorFunction<TimedPacket, AccountedPacket> {
  return (source: Observable<TimedPacket>) =>
    source.pipe(
      map((p): AccountedPacket | undefined => {
        const n = p.packet.samples.length / 6;
        const perSample = ticksPerSample(p.packet.rateCode);
        const s = counter.state.get(p.sensorId);
        if (!s) {
          counter.state.set(p.sensorId, {
            lastSeq: p.packet.seq,
            nextTick: p.tickIndex + n * perSample,
            received: 1,
            lost: 0,
          });
          return p;
        }
        const step = seqStep(s.lastSeq, p.packet.seq);
        if (step.kind === 'duplicate' || step.kind === 'late') return undefined;
        const lostPackets = step.kind === 'gap' ? step.lostPackets : 0;
        s.lost += lostPackets;
        s.received++;
        s.lastSeq = p.packet.seq;
        const missingTicks = p.tickIndex - s.nextTick;
        s.nextTick = p.tickIndex + n * perSample;
        // Half a sample of tick jitter is rounding in the firmware's tick stamp, not loss.
        if (missingTicks > perSample / 2) return { ...p, gapBefore: (missingTicks / perSample) * p.dt };
        if (lostPackets > 0) return { ...p, gapBefore: lostPackets * n * p.dt };
        return p;
      }),
      filter((p): p is AccountedPacket => p !== undefined),
    );
}
