/**
 * A small seeded PRNG for reproducible Monte Carlo: xoshiro128** (Blackman & Vigna), seeded
 * through splitmix32 so that any 32-bit seed gives a well-mixed state. Standard normals by the
 * Marsaglia–Tsang ziggurat (128 layers), which needs a logarithm only for the rare draws outside
 * the rectangles. The state lives in a Uint32Array so that no draw allocates.
 */

// Ziggurat tables (Marsaglia & Tsang, "The Ziggurat Method for Generating Random Variables", 2000).
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const M1 = 2147483648;
const KN = new Float64Array(128);
const WN = new Float64Array(128);
const FN = new Float64Array(128);
{
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  KN[0] = (dn / q) * M1;
  KN[1] = 0;
  WN[0] = q / M1;
  WN[127] = dn / M1;
  FN[0] = 1;
  FN[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    KN[i + 1] = (dn / tn) * M1;
    tn = dn;
    FN[i] = Math.exp(-0.5 * dn * dn);
    WN[i] = dn / M1;
  }
}

export class SeededRandom {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s1;
    s[1] = s1 ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    const s3 = s[3]!;
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal draw. */
  nextNormal(): number {
    const hz = this.nextUint32() | 0;
    const iz = hz & 127;
    if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
    return this.normalTail(hz, iz);
  }

  /** Uniform on (0, 1), never 0 (safe for log). */
  private open01(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }

  private normalTail(hz0: number, iz0: number): number {
    let hz = hz0;
    let iz = iz0;
    for (;;) {
      const x = hz * WN[iz]!;
      if (iz === 0) {
        // the base strip: sample the tail beyond R (Marsaglia 1964)
        let tx: number;
        let ty: number;
        do {
          tx = -Math.log(this.open01()) / R;
          ty = -Math.log(this.open01());
        } while (ty + ty < tx * tx);
        return hz > 0 ? R + tx : -R - tx;
      }
      if (FN[iz]! + this.open01() * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextUint32() | 0;
      iz = hz & 127;
      if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
    }
  }
}
