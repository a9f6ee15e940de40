/**
 * Asymmetry indices (GAIT.md "Asymmetry"). Each takes the two sides' summary values (window medians).
 */

/** Robinson et al. 1987: SI = 200·(L − R)/(L + R) %, positive when left is larger. NaN if undefined. */
export function symmetryIndex(left: number, right: number): number {
  const sum = left + right;
  if (!Number.isFinite(left) || !Number.isFinite(right) || sum === 0) return Number.NaN;
  return (200 * (left - right)) / sum;
}

/** Symmetry ratio, larger over smaller (Patterson et al. 2008: healthy temporal range ≈ 0.90–1.10). */
export function symmetryRatio(left: number, right: number): number {
  if (!(left > 0) || !(right > 0)) return Number.NaN;
  return Math.max(left, right) / Math.min(left, right);
}

/** Plotnik et al. 2007: GA = 100·|ln(swing_short / swing_long)| %. */
export function gaitAsymmetry(swingLeft: number, swingRight: number): number {
  if (!(swingLeft > 0) || !(swingRight > 0)) return Number.NaN;
  return 100 * Math.abs(Math.log(Math.min(swingLeft, swingRight) / Math.max(swingLeft, swingRight)));
}

/** The healthy symmetry-ratio band expressed as SI: a ratio r corresponds to |SI| = 200·(r − 1)/(r + 1). */
export function ratioToSi(ratio: number): number {
  return (200 * (ratio - 1)) / (ratio + 1);
}

export interface PhaseCoordination {
  /** Phase of each right IC inside the enclosing left stride, degrees (180 = perfectly anti-phased). */
  readonly phases: Float64Array;
  /** Coefficient of variation of φ, %. */
  readonly phiCv: number;
  /** 100·mean|φ − 180°|/180, %. */
  readonly phiAbs: number;
  /** PCI = φ_CV + φ_ABS, %; NaN when fewer than `minPhases` phases could be formed. */
  readonly pci: number;
}

/**
 * Phase coordination index (Plotnik, Giladi & Hausdorff 2007, Exp Brain Res 181:561). For each
 * left stride [ic, nextIc] holding exactly one right IC, φ = 360°·(t_R − ic)/(nextIc − ic).
 * Strides that hold no or several right ICs (a detection gap or a turn) give no phase.
 */
export function phaseCoordination(
  leftStrides: readonly { readonly ic: number; readonly nextIc: number }[],
  rightIcs: readonly number[],
  minPhases = 5,
): PhaseCoordination {
  const sortedRight = [...rightIcs].sort((a, b) => a - b);
  const phases: number[] = [];
  let j = 0;
  for (const stride of leftStrides) {
    while (j < sortedRight.length && sortedRight[j] <= stride.ic) j++;
    let k = j;
    while (k < sortedRight.length && sortedRight[k] < stride.nextIc) k++;
    if (k - j === 1) phases.push((360 * (sortedRight[j] - stride.ic)) / (stride.nextIc - stride.ic));
  }
  const n = phases.length;
  if (n < Math.max(2, minPhases)) {
    return { phases: new Float64Array(phases), phiCv: Number.NaN, phiAbs: Number.NaN, pci: Number.NaN };
  }
  let sum = 0;
  let absDev = 0;
  for (const p of phases) {
    sum += p;
    absDev += Math.abs(p - 180);
  }
  const mean = sum / n;
  let ss = 0;
  for (const p of phases) ss += (p - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const phiCv = (100 * sd) / mean;
  const phiAbs = (100 * (absDev / n)) / 180;
  return { phases: new Float64Array(phases), phiCv, phiAbs, pci: phiCv + phiAbs };
}
