import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { encodePacket, type ImuPacket } from '../../src/protocol/packet.ts';
import { mulberry32 } from '../helpers/rng.ts';

export function collect<T>(obs: Observable<T>): Promise<T[]> {
  return lastValueFrom(obs.pipe(toArray()));
}

/** A deterministic PRNG so jitter tests are reproducible. */
export const rng = mulberry32;

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
