import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { encodePacket, type ImuPacket } from '../../src/protocol/packet.ts';

export function collect<T>(obs: Observable<T>): Promise<T[]> {
  return lastValueFrom(obs.pipe(toArray()));
}

/** A deterministic PRNG (mulberry32) so jitter tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function packet(seq: number, tick: number, n = 10, fill = 0, rateCode = 1): ImuPacket {
  return {
    version: 1,
    seq: seq & 0xffff,
    tick: tick >>> 0,
    accRangeCode: 2,
    gyrRangeCode: 3,
    rateCode,
    fifoOverrun: false,
    samples: new Int16Array(n * 6).fill(fill),
  };
}

export function bytesOf(p: ImuPacket): Uint8Array {
  return encodePacket(p);
}
