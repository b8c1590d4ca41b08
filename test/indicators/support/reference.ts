/**
 * Independent, straightforward reference implementations (naive loops, O(n·period)), written
 * from the textbook definitions rather than from the kernels, for checking the kernels.
 */

const nanArray = (n: number): number[] => new Array<number>(n).fill(NaN);

function windowMean(x: ArrayLike<number>, end: number, p: number): number {
  let s = 0;
  for (let j = end - p + 1; j <= end; j++) s += x[j]!;
  return s / p;
}

function windowPopSd(x: ArrayLike<number>, end: number, p: number): number {
  const m = windowMean(x, end, p);
  let q = 0;
  for (let j = end - p + 1; j <= end; j++) q += (x[j]! - m) ** 2;
  return Math.sqrt(q / p);
}

export function refSma(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p - 1; i < x.length; i++) o[i] = windowMean(x, i, p);
  return o;
}

/** EMA seeded with the mean of the first p values at index `start + p − 1`. */
export function refEma(x: ArrayLike<number>, p: number, start = 0): number[] {
  const o = nanArray(x.length);
  const a = 2 / (p + 1);
  if (x.length < start + p) return o;
  let e = windowMean(x, start + p - 1, p);
  o[start + p - 1] = e;
  for (let i = start + p; i < x.length; i++) {
    e = a * x[i]! + (1 - a) * e;
    o[i] = e;
  }
  return o;
}

export function refWma(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  const d = (p * (p + 1)) / 2;
  for (let i = p - 1; i < x.length; i++) {
    let s = 0;
    for (let k = 1; k <= p; k++) s += k * x[i - p + k]!;
    o[i] = s / d;
  }
  return o;
}

export function refRsi(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  if (x.length <= p) return o;
  const gains: number[] = [0];
  const losses: number[] = [0];
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  let g = windowMean(gains, p, p);
  let l = windowMean(losses, p, p);
  const value = (): number => (g === 0 && l === 0 ? 50 : l === 0 ? 100 : 100 - 100 / (1 + g / l));
  o[p] = value();
  for (let i = p + 1; i < x.length; i++) {
    g = (g * (p - 1) + gains[i]!) / p;
    l = (l * (p - 1) + losses[i]!) / p;
    o[i] = value();
  }
  return o;
}

export function refTrueRange(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>): number[] {
  const o: number[] = [];
  for (let i = 0; i < h.length; i++) {
    o.push(i === 0 ? h[0]! - l[0]! : Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!)));
  }
  return o;
}

/** Wilder ATR as TA-Lib: seed = mean of TR[1..p] at index p. */
export function refAtr(h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, p: number): number[] {
  const tr = refTrueRange(h, l, c);
  const o = nanArray(h.length);
  if (h.length <= p) return o;
  let a = windowMean(tr, p, p);
  o[p] = a;
  for (let i = p + 1; i < h.length; i++) {
    a = a + (tr[i]! - a) / p;
    o[i] = a;
  }
  return o;
}

export function refStdev(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p - 1; i < x.length; i++) o[i] = windowPopSd(x, i, p);
  return o;
}

export function refBollinger(x: ArrayLike<number>, p: number, k: number): { upper: number[]; middle: number[]; lower: number[] } {
  const middle = refSma(x, p);
  const sd = refStdev(x, p);
  return { upper: middle.map((m, i) => m + k * sd[i]!), middle, lower: middle.map((m, i) => m - k * sd[i]!) };
}

export function refMacd(x: ArrayLike<number>, f: number, s: number, g: number): { macd: number[]; signal: number[]; histogram: number[] } {
  const ef = refEma(x, f);
  const es = refEma(x, s);
  const macd = ef.map((v, i) => v - es[i]!);
  const signal = refEma(macd, g, s - 1);
  return { macd, signal, histogram: macd.map((v, i) => v - signal[i]!) };
}

export function refRoc(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p; i < x.length; i++) o[i] = (100 * (x[i]! - x[i - p]!)) / x[i - p]!;
  return o;
}

export function refMomentum(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p; i < x.length; i++) o[i] = x[i]! - x[i - p]!;
  return o;
}

export function refZscore(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p - 1; i < x.length; i++) o[i] = (x[i]! - windowMean(x, i, p)) / windowPopSd(x, i, p);
  return o;
}

export function refRollingMax(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p - 1; i < x.length; i++) {
    let m = -Infinity;
    for (let j = i - p + 1; j <= i; j++) m = Math.max(m, x[j]!);
    o[i] = m;
  }
  return o;
}

export function refRollingMin(x: ArrayLike<number>, p: number): number[] {
  const o = nanArray(x.length);
  for (let i = p - 1; i < x.length; i++) {
    let m = Infinity;
    for (let j = i - p + 1; j <= i; j++) m = Math.min(m, x[j]!);
    o[i] = m;
  }
  return o;
}

const istDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit' });

/** VWAP per IST calendar day, by grouping bars on their IST date string. */
export function refVwap(t: ArrayLike<number>, h: ArrayLike<number>, l: ArrayLike<number>, c: ArrayLike<number>, v: ArrayLike<number>): number[] {
  const o: number[] = [];
  let day = '';
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < t.length; i++) {
    const d = istDay.format(new Date(t[i]!));
    if (d !== day) {
      day = d;
      pv = 0;
      vol = 0;
    }
    pv += v[i]! * ((h[i]! + l[i]! + c[i]!) / 3);
    vol += v[i]!;
    o.push(vol > 0 ? pv / vol : NaN);
  }
  return o;
}
