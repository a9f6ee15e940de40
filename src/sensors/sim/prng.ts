import { type Rotation, uniformRotation } from '../../gait/dsp/rotation.ts';
/**
 * Seedable pseudo-random numbers for the walker: the same seed gives the same walk, bit for bit.
 * sfc32 (Chris Doty-Humphrey's small fast counting generator): 128-bit state, passes PractRand,
 * and is a few integer operations per number, which matters at ~10⁶ noise samples per second.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, SD 1). */
  normal(): number;
  /**
   * Standard normal from a fixed table of 65 536 values: one integer draw instead of a log, a
   * sqrt and a sin, for sensor noise where ~10⁶ draws per second matter more than the far tails.
   */
  fastNormal(): number;
  /** Uniform in [a, b). */
  uniform(a: number, b: number): number;
  /** A new independent generator derived from this one (one per sensor, per purpose). */
  fork(): Prng;
}

/** splitmix32: spreads a small integer seed over the 128-bit state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

export function createPrng(seed: number): Prng {
  const init = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  let spare = Number.NaN;
  const next = (): number => u32() / 4294967296;
  return {
    next,
    normal() {
      // Box–Muller, keeping the second value for the next call.
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = Number.NaN;
        return v;
      }
      let u = next();
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const phi = 2 * Math.PI * next();
      spare = r * Math.sin(phi);
      return r * Math.cos(phi);
    },
    fastNormal() {
      return NORMAL_TABLE[u32() >>> 16];
    },
    uniform(lo, hi) {
      return lo + (hi - lo) * next();
    },
    fork() {
      return createPrng(u32() * 2 ** 21 + (u32() >>> 11));
    },
  };
}

const NORMAL_TABLE = (() => {
  // Box–Muller draws from a fixed seed, standardised to exactly mean 0 and SD 1.
  const table = new Float64Array(65536);
  const g = createPrng(0x5eed);
  let m = 0;
  for (let i = 0; i < table.length; i++) {
    table[i] = g.normal();
    m += table[i];
  }
  m /= table.length;
  let v = 0;
  for (const x of table) v += (x - m) * (x - m);
  const sd = Math.sqrt(v / table.length);
  for (let i = 0; i < table.length; i++) table[i] = (table[i] - m) / sd;
  return table;
})();

export type { Rotation };

/** A rotation drawn uniformly over SO(3) (Shoemake's uniform random unit quaternion). */
export function randomRotation(prng: Prng): Rotation {
  return uniformRotation(prng.next(), prng.next(), prng.next());
}
