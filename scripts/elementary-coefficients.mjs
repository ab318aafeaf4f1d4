// Derives the constants of randnla's own logarithm, sine and cosine (src/rng/elementary.ts,
// assembly/random.ts) from their closed forms in exact rational arithmetic (BigInt), each
// rounded once, to nearest, to a double:
//
//   ln f = 2·atanh(s) = 2s + s·z·Σ_{k=1}^{10} (2/(2k+1))·z^{k−1},  z = s²        → LOG_K[k−1]
//   sin(π r/2) = r·Σ_{k=0}^{8} (−1)^k (π/2)^{2k+1} / (2k+1)! · (r²)^k            → SIN_K[k]
//   cos(π r/2) =   Σ_{k=0}^{8} (−1)^k (π/2)^{2k}   / (2k)!   · (r²)^k            → COS_K[k]
//   LN2_HI = ln 2 truncated to 32 significant bits, LN2_LO = ln 2 − LN2_HI (rounded)
//
// with π and ln 2 to 70 digits. The series are Taylor series (no fitting): on the reduced
// ranges (|s| ≤ 0.1716, |r| ≤ 1/2) the first omitted term is below 10⁻¹⁸ relative.
//
//   node scripts/elementary-coefficients.mjs   # prints the constants as TypeScript
//
// The test of src/rng/elementary.ts imports `elementaryCoefficients` and checks the literals.

const PI_70 = '3.141592653589793238462643383279502884197169399375105820974944592307816';
const LN2_70 = '0.6931471805599453094172321214581765680755001343602552541206800094933936';

/** A decimal string as an exact fraction [p, q] of BigInts. */
function decimal(s) {
  const [ip, fp = ''] = s.split('.');
  return [BigInt(ip + fp), 10n ** BigInt(fp.length)];
}

function gcd(a, b) {
  a = a < 0n ? -a : a;
  while (b) [a, b] = [b, a % b];
  return a;
}
const reduce = ([p, q]) => {
  const g = gcd(p, q);
  return [p / g, q / g];
};
const mul = (a, b) => reduce([a[0] * b[0], a[1] * b[1]]);
const sub = (a, b) => reduce([a[0] * b[1] - b[0] * a[1], a[1] * b[1]]);

/** The double nearest to p/q (ties to even), for |p/q| in the normal range. */
export function roundToDouble([p, q]) {
  if (p === 0n) return 0;
  const neg = p < 0n;
  if (neg) p = -p;
  // Find e with 2⁵² ≤ (p/q)·2⁻ᵉ < 2⁵³.
  let e = p.toString(2).length - q.toString(2).length - 53;
  const scaled = (ee) => (ee >= 0 ? [p, q << BigInt(ee)] : [p << BigInt(-ee), q]);
  for (;;) {
    const [a, b] = scaled(e);
    const m = a / b;
    if (m < 2n ** 52n) e--;
    else if (m >= 2n ** 53n) e++;
    else break;
  }
  const [a, b] = scaled(e);
  let m = a / b;
  const r2 = 2n * (a - m * b);
  if (r2 > b || (r2 === b && (m & 1n) === 1n)) m++;
  // m·2ᵉ is exact in double arithmetic (m < 2⁵³ + 1 and the powers of two are exact).
  const v = Number(m) * 2 ** e;
  return neg ? -v : v;
}

function factorial(n) {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** The constants, as doubles. */
export function elementaryCoefficients() {
  const pi = decimal(PI_70);
  const halfPi = mul(pi, [1n, 2n]);
  const ln2 = decimal(LN2_70);
  const LOG_K = [];
  for (let k = 1; k <= 10; k++) LOG_K.push(roundToDouble([2n, BigInt(2 * k + 1)]));
  const SIN_K = [];
  const COS_K = [];
  for (let k = 0; k <= 8; k++) {
    let ps = [1n, 1n];
    for (let i = 0; i < 2 * k + 1; i++) ps = mul(ps, halfPi);
    let pc = [1n, 1n];
    for (let i = 0; i < 2 * k; i++) pc = mul(pc, halfPi);
    const sign = k % 2 === 0 ? 1n : -1n;
    SIN_K.push(roundToDouble(mul([sign, 1n], mul(ps, [1n, factorial(2 * k + 1)]))));
    COS_K.push(roundToDouble(mul([sign, 1n], mul(pc, [1n, factorial(2 * k)]))));
  }
  // ln 2 truncated to 32 significant bits: ⌊ln 2 · 2³²⌋ / 2³² (ln 2 ∈ [½, 1)).
  const hiInt = (ln2[0] << 32n) / ln2[1];
  const LN2_HI = Number(hiInt) / 2 ** 32;
  const LN2_LO = roundToDouble(sub(ln2, [hiInt, 1n << 32n]));
  return { LOG_K, SIN_K, COS_K, LN2_HI, LN2_LO, SQRT2: roundToDouble(sqrt2Upper()) };
}

/** √2 to 60 digits (the reduction threshold of the logarithm; any double near √2 works). */
function sqrt2Upper() {
  return decimal('1.414213562373095048801688724209698078569671875376948073176680');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const c = elementaryCoefficients();
  const list = (xs) => `[\n  ${xs.map((x) => String(x)).join(',\n  ')},\n]`;
  console.log(`LOG_K = ${list(c.LOG_K)}`);
  console.log(`SIN_K = ${list(c.SIN_K)}`);
  console.log(`COS_K = ${list(c.COS_K)}`);
  console.log(`LN2_HI = ${c.LN2_HI}\nLN2_LO = ${c.LN2_LO}\nSQRT2 = ${c.SQRT2}`);
}
