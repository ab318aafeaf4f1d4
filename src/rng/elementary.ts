/**
 * randnla's own natural logarithm, sine and cosine for Box–Muller normals, ln(1 − y) for the
 * geometric skips of the very sparse sketch, and e^x and x^y for the sampling and regression
 * modules (internal; `docs/design.md` §3.2).
 *
 * They use only the IEEE basic operations (+, −, ×, ÷, √, comparisons and exact bit
 * manipulation), each correctly rounded in every JavaScript engine and in WebAssembly, in a
 * fixed order with no fused multiply–add. So the normals are bit-identical on every engine,
 * which `Math.log`, `Math.cos` and `Math.sin` do not promise (the standard leaves their last bit
 * to the implementation), and the WebAssembly kernel (`assembly/random.ts`, the same operations
 * in the same order, two values per SIMD instruction) gives the same bits as this file.
 *
 * Constants: Taylor coefficients derived in exact rational arithmetic and rounded once each, by
 * `scripts/elementary-coefficients.mjs` (the test checks the literals against it).
 *
 * - ln x, x a positive normal double: x = 2ᵉ·f with f ∈ [1, 2) read from the bits (exact);
 *   f > √2 → f/2, e + 1 (exact); then ln f = 2·atanh(s) with s = (f − 1)/(f + 1), computed as
 *   s = t/(2 + t), t = f − 1 (exact), |s| ≤ 0.1716; 2·atanh(s) = 2s + s·z·Σ_{k=1}^{10}
 *   (2/(2k+1))·z^{k−1} with z = s² (first omitted term below 10⁻¹⁸ relative); finally
 *   ln x = e·LN2_HI + (e·LN2_LO + ln f), e·LN2_HI exact (LN2_HI has 32 significant bits).
 * - sin and cos of θ = 2π·u, u ∈ [0, 1): y = 4u, q = ⌊y⌋, r = y − q (all exact), and if
 *   r ≥ ½ then r − 1 and q + 1 (exact), so θ = q·π/2 + π·r/2 with |π·r/2| ≤ π/4 and no
 *   rounding in the reduction. sin(πr/2) = r·Σ_{k=0}^{8} S_k·(r²)^k and
 *   cos(πr/2) = Σ_{k=0}^{8} C_k·(r²)^k (Taylor coefficients of sin and cos at πr/2; first
 *   omitted terms below 10⁻¹⁸ relative); the quadrant q mod 4 swaps them and sets the signs
 *   (exact).
 *
 * Accuracy, measured against `Math.log` and a 2π·u reduction in double-double arithmetic (test):
 * within 2 ulp of the correctly rounded value over the inputs Box–Muller uses.
 *
 * @internal
 * @module
 */

/** 2/(2k+1), k = 1 … 10: the series 2·atanh(s) = 2s + s·z·Σ LOG_K[k−1]·z^{k−1}. */
export const LOG_K = [
  0.6666666666666666, 0.4, 0.2857142857142857, 0.2222222222222222, 0.18181818181818182, 0.15384615384615385,
  0.13333333333333333, 0.11764705882352941, 0.10526315789473684, 0.09523809523809523,
] as const;
/** (−1)^k (π/2)^{2k+1}/(2k+1)!, k = 0 … 8: sin(πr/2) = r·Σ SIN_K[k]·(r²)^k. */
export const SIN_K = [
  1.5707963267948966, -0.6459640975062463, 0.07969262624616705, -0.004681754135318688, 0.00016044118478735983,
  -0.000003598843235212085, 5.692172921967927e-8, -6.688035109811468e-10, 6.0669357311061955e-12,
] as const;
/** (−1)^k (π/2)^{2k}/(2k)!, k = 0 … 8: cos(πr/2) = Σ COS_K[k]·(r²)^k. */
export const COS_K = [
  1, -1.2337005501361697, 0.25366950790104803, -0.02086348076335296, 0.0009192602748394266,
  -0.000025202042373060607, 4.710874778818172e-7, -6.386603083791852e-9, 6.565963114979473e-11,
] as const;
/** ln 2 truncated to 32 significant bits (so e·LN2_HI is exact for |e| < 2²¹). */
export const LN2_HI = 0.6931471803691238;
/** ln 2 − LN2_HI, rounded. */
export const LN2_LO = 1.9082149292705877e-10;
/** The double nearest √2: the mantissa f is halved when f > SQRT2. */
export const SQRT2 = 1.4142135623730951;

const [L1, L2, L3, L4, L5, L6, L7, L8, L9, L10] = LOG_K;
const [S0, S1, S2, S3, S4, S5, S6, S7, S8] = SIN_K;
const [C0, C1, C2, C3, C4, C5, C6, C7, C8] = COS_K;

/** A double and its two 32-bit halves, for reading the exponent field. */
const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
/** Index in U of the high word (sign, exponent, top of the mantissa): 1 on little-endian hosts. */
const HI = (() => {
  F[0] = 1;
  return U[1] === 0x3ff00000 ? 1 : 0;
})();
/**
 * POW2_NEG[e + 1023] = 2⁻ᵉ for e = −1023 … 1024, built by exact doublings and halvings (no
 * `Math.pow`). Scaling by it gives the mantissa without writing into a double's bits (a 4-byte
 * store followed by an 8-byte load stalls store forwarding: 46 ns per logarithm instead of 21).
 */
const POW2_NEG = (() => {
  const t = new Float64Array(2048);
  t[1023] = 1;
  for (let i = 1022; i >= 0; i--) t[i] = 2 * t[i + 1];
  for (let i = 1024; i < 2048; i++) t[i] = 0.5 * t[i - 1];
  return t;
})();

/**
 * The natural logarithm of a positive normal double, with IEEE basic operations only (see the
 * module comment). Bit-identical to the WebAssembly kernel. Not validated: zero, negative,
 * subnormal, infinite or NaN input gives a meaningless value.
 *
 * Cost: one division and about 25 multiplications and additions.
 */
export function lnPositive(x: number): number {
  lnParts(x);
  return lnE * LN2_HI + (lnE * LN2_LO + lnF);
}

/** Set by {@link lnParts}: ln x = lnE·ln 2 + lnF. */
let lnE = 0;
let lnF = 0;

/** x = 2^lnE·f, f ∈ [1/√2·…, √2], and lnF = ln f (the steps of {@link lnPositive}). */
function lnParts(x: number): void {
  F[0] = x;
  let e = (U[HI] >>> 20) - 1023;
  let f = x * POW2_NEG[e + 1023]; // exact: f ∈ [1, 2)
  if (f > SQRT2) {
    f *= 0.5;
    e += 1;
  }
  const t = f - 1;
  const s = t / (2 + t);
  const z = s * s;
  const q = ((((((((L10 * z + L9) * z + L8) * z + L7) * z + L6) * z + L5) * z + L4) * z + L3) * z + L2) * z + L1;
  lnE = e;
  lnF = 2 * s + s * (z * q);
}

/**
 * ln x for any double, with IEEE basic operations only (through {@link lnPositive}'s steps), the
 * same in every engine, where `Math.log` is implementation-approximated: −Infinity at ±0, NaN
 * below 0 or at NaN, Infinity at Infinity, subnormal x exactly rescaled first. Within 2 ulp.
 *
 * Cost: one division and about 25 multiplications and additions.
 */
export function lnDet(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  lnPartsAny(x);
  return lnE * LN2_HI + (lnE * LN2_LO + lnF);
}

/**
 * {@link lnParts} for any finite x > 0: a subnormal x is first scaled by 2⁶⁴ (exact) and lnE
 * corrected by −64, so ln x = lnE·ln 2 + lnF still holds.
 */
function lnPartsAny(x: number): void {
  if (x < 2.2250738585072014e-308) {
    lnParts(x * 18446744073709551616);
    lnE -= 64;
  } else lnParts(x);
}

/** 1/k!, k = 0 … 13: each k! an exact integer, each quotient correctly rounded. */
const EXP_K = (() => {
  const c = new Float64Array(14);
  let f = 1;
  for (let k = 0; k <= 13; k++) {
    if (k > 0) f *= k;
    c[k] = 1 / f;
  }
  return c;
})();
const [, , X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13] = EXP_K;
/** 1/ln 2 rounded; only used to choose k, so its rounding changes no result's accuracy. */
const INV_LN2 = 1.4426950408889634;

/** v·2^k for any integer k in [−1100, 1100], exact unless the result is subnormal (one rounding). */
function scaleByPow2(v: number, k: number): number {
  if (k > 1023) return v * POW2_NEG[0] * POW2_NEG[1023 - (k - 1023)];
  if (k < -1022) return v * POW2_NEG[1023 - (k + 200)] * POW2_NEG[1023 + 200];
  return v * POW2_NEG[1023 - k];
}

/**
 * e^(a + b) for a double-double argument (|b| ≤ ulp(a)), with IEEE basic operations only, the
 * same in every engine: k = round(a/ln 2), r = (a − k·LN2_HI) + (b − k·LN2_LO) (the first
 * difference exact: k·LN2_HI has at most 43 significant bits and lies within a factor 2 of a),
 * e^r − 1 by its Taylor series to degree 13 (|r| ≤ 0.35: first omitted term below 10⁻¹⁸
 * relative), then 1 + that scaled by 2^k exactly. Within about 1 ulp.
 */
function expDD(a: number, b: number): number {
  if (a !== a) return NaN;
  if (a > 709.8) return Infinity;
  if (a < -745.2) return 0;
  const k = Math.round(a * INV_LN2);
  // a − k·LN2_HI is exact; the low parts are added once, so |r| ≤ 0.35 carries an absolute
  // error below 2⁻⁵⁴ (relative to the result: under half an ulp).
  const r = a - k * LN2_HI + (b - k * LN2_LO);
  const p = ((((((((((X13 * r + X12) * r + X11) * r + X10) * r + X9) * r + X8) * r + X7) * r + X6) * r + X5) * r + X4) * r + X3) * r + X2;
  const q = r + r * (r * p); // e^r − 1
  return scaleByPow2(1 + q, k);
}

/**
 * e^x with IEEE basic operations only (+ − × ÷, exact bit reads), so the same bits in every
 * JavaScript engine, where `Math.exp` is implementation-approximated. Within about 1 ulp (test).
 *
 * Cost: about 30 multiplications and additions.
 */
export function expDet(x: number): number {
  return expDD(x, 0);
}

/** 2²⁷ + 1: Veltkamp's splitting constant for Dekker's exact product. */
const SPLIT = 134217729;

/**
 * x^y for x ≥ 0 (and any y), with IEEE basic operations only, so the same bits in every
 * JavaScript engine, where `Math.pow` and `**` are implementation-approximated (V8 versions and
 * SpiderMonkey round them differently). y ∈ {0, ±1, 2, ½} are exact or correctly rounded
 * (1, x or 1/x, x·x, √x); otherwise e^(y·ln x) with ln x as a double-double (its error that of
 * ln f, below 2⁻⁵⁴), y·ln x formed exactly to that precision (Dekker's product), so the result is
 * within about 1 + |y|/2 ulp (test). x = +0, +Infinity and
 * subnormal x are handled as `Math.pow` does; negative or NaN x give NaN.
 *
 * Cost: about 60 multiplications and additions and one division.
 */
export function powPositive(x: number, y: number): number {
  if (y === 0) return 1;
  if (!(x >= 0) || y !== y) return NaN;
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === 0.5) return Math.sqrt(x);
  if (y === -1) return 1 / x;
  if (y === Infinity || y === -Infinity) return x === 1 ? NaN : (x > 1) === (y > 0) ? Infinity : 0;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  if (x === 1) return 1;
  lnPartsAny(x);
  const e = lnE;
  // ln x as the double-double lh + ll: e·LN2_HI is exact and at least twice |e·LN2_LO + ln f|
  // unless e = 0, so the sum's error is exact (Fast2Sum).
  const hi = e * LN2_HI;
  const lo = e * LN2_LO + lnF;
  const lh = hi + lo;
  const ll = e === 0 ? 0 : lo - (lh - hi);
  // y·lh = ph + pl exactly (Dekker's product with Veltkamp's split), then y·ll added.
  const ph = y * lh;
  if (!(Math.abs(ph) < 1e5)) return ph > 0 ? Infinity : 0; // e^±1e5: out of range either way
  const cy = SPLIT * y, yh = cy - (cy - y), yl = y - yh;
  const ch = SPLIT * lh, hh = ch - (ch - lh), hl = lh - hh;
  const pl = yh * hh - ph + yh * hl + yl * hh + yl * hl;
  return expDD(ph, pl + y * ll);
}

/**
 * ln(1 − y) for y ∈ [0, 1), with IEEE basic operations only (through {@link lnPositive}), the
 * same in every engine, where `Math.log1p(−y)` is each engine's own. With w = 1 − y: when
 * 1 − w = y exactly (every multiple of 2⁻⁵³ in [0, 1), so every uniform of the generator, and
 * every y ≥ ½) the result is ln w; otherwise ln w·y/(1 − w), which corrects the rounding of
 * 1 − y (Goldberg's log1p; 1 − w is exact since w ∈ (½, 1)); −y when w = 1 (y < 2⁻⁵³).
 *
 * Cost: one {@link lnPositive}, at most one division more.
 */
export function lnOneMinus(y: number): number {
  const w = 1 - y;
  if (w === 1) return -y;
  const l = lnPositive(w);
  const d = 1 - w;
  return d === y ? l : l * (y / d);
}

/** Scratch of the quadrant selection (no branch on the random quadrant). */
const P = new Float64Array(2);

/**
 * Writes sin(2πu) to `out[o]` and cos(2πu) to `out[o + 1]`, for u ∈ [0, 1) (any double with 4u
 * exact; every u of the generator is a multiple of 2⁻⁵³), with IEEE basic operations only (see
 * the module comment). Bit-identical to the WebAssembly kernel.
 *
 * Cost: about 40 multiplications and additions, no branch on the value.
 */
export function sinCos2Pi(u: number, out: Float64Array, o: number): void {
  const y = 4 * u;
  let q = Math.floor(y);
  let r = y - q;
  if (r >= 0.5) {
    r -= 1;
    q += 1;
  }
  const w = r * r;
  const sp = (((((((S8 * w + S7) * w + S6) * w + S5) * w + S4) * w + S3) * w + S2) * w + S1) * w + S0;
  P[0] = r * sp;
  P[1] = (((((((C8 * w + C7) * w + C6) * w + C5) * w + C4) * w + C3) * w + C2) * w + C1) * w + C0;
  const qi = q | 0;
  const odd = qi & 1;
  // Quadrant qi mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
  out[o] = (1 - (qi & 2)) * P[odd];
  out[o + 1] = (1 - ((qi + 1) & 2)) * P[odd ^ 1];
}

/**
 * The Box–Muller pair of one Philox block (words w0 … w3): u₁ from (w0, w1), u₂ from (w2, w3)
 * (53-bit uniforms, as `uniformAt`), r = √(−2·ln(1 − u₁)), θ = 2π·u₂; writes
 * `scale·(r·cos θ)` to `out[o]` and `scale·(r·sin θ)` to `out[o + 1]`. The logarithm, sine and
 * cosine are those of {@link lnPositive} and {@link sinCos2Pi}, written out here (the same
 * operations in the same order, checked by the tests) so that the JIT compiles one function.
 *
 * Cost: one logarithm, one square root, one sine and cosine: about 80 floating-point
 * operations, branch-free; about 60 ns per pair on Node 20 (x86-64).
 */
/** Scratch of {@link boxMuller}: the reduced sine and cosine, indexed by the quadrant's parity. */
const SC = new Float64Array(2);
/** [1, ½]: the mantissa is multiplied by HALF_IF[1] when it exceeds √2. */
const HALF_IF = new Float64Array([1, 0.5]);

export function boxMuller(w0: number, w1: number, w2: number, w3: number, scale: number, out: Float64Array, o: number): void {
  const u1 = ((w0 >>> 5) * 67108864 + (w1 >>> 6)) * 1.1102230246251565e-16;
  const u2 = ((w2 >>> 5) * 67108864 + (w3 >>> 6)) * 1.1102230246251565e-16;
  // ln x, x = 1 − u₁ ∈ [2⁻⁵³, 1] (lnPositive).
  const x = 1 - u1;
  F[0] = x;
  const e0 = (U[HI] >>> 20) - 1023;
  const f0 = x * POW2_NEG[e0 + 1023];
  // Branch-free (random branches mispredict half the time): b = 1 when f0 > √2.
  const b = +(f0 > SQRT2);
  const f = f0 * HALF_IF[b];
  const e = e0 + b;
  const t = f - 1;
  const s = t / (2 + t);
  const z = s * s;
  const q = ((((((((L10 * z + L9) * z + L8) * z + L7) * z + L6) * z + L5) * z + L4) * z + L3) * z + L2) * z + L1;
  const lnx = e * LN2_HI + (e * LN2_LO + (2 * s + s * (z * q)));
  const r = Math.sqrt(-2 * lnx);
  // sin and cos of 2π·u₂ (sinCos2Pi).
  const y = 4 * u2;
  const q0 = Math.floor(y);
  const r0 = y - q0;
  const g = +(r0 >= 0.5);
  const rr = r0 - g;
  const qf = q0 + g;
  const w = rr * rr;
  const sn = rr * ((((((((S8 * w + S7) * w + S6) * w + S5) * w + S4) * w + S3) * w + S2) * w + S1) * w + S0);
  const cs = (((((((C8 * w + C7) * w + C6) * w + C5) * w + C4) * w + C3) * w + C2) * w + C1) * w + C0;
  const qi = qf | 0;
  const odd = qi & 1;
  SC[0] = sn;
  SC[1] = cs;
  const sinT = (1 - (qi & 2)) * SC[odd];
  const cosT = (1 - ((qi + 1) & 2)) * SC[odd ^ 1];
  out[o] = scale * (r * cosT);
  out[o + 1] = scale * (r * sinT);
}
