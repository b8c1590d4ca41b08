/**
 * Money and price-grid rounding. Rupee amounts are reported to the paisa; prices sit on the
 * instrument's tick grid. Rounding works in integer units of the step to avoid float drift
 * (e.g. 0.05 * 3 = 0.15000000000000002).
 */

const EPS = 1e-9;

/** Rounds a rupee amount to the paisa, half away from zero. */
export function roundPaise(amount: number): number {
  const p = Math.round(Math.abs(amount) * 100 + EPS) / 100;
  return amount < 0 ? -p : p;
}

/** Rounds a price to the nearest tick (ties go up). */
export function roundToTick(price: number, tick: number): number {
  return fromSteps(Math.round(price / tick + EPS), tick);
}

/** Rounds down to the tick grid (the safe side for a buy limit or a long stop). */
export function floorToTick(price: number, tick: number): number {
  return fromSteps(Math.floor(price / tick + EPS), tick);
}

/** Rounds up to the tick grid (the safe side for a sell limit or a short stop). */
export function ceilToTick(price: number, tick: number): number {
  return fromSteps(Math.ceil(price / tick - EPS), tick);
}

export function isOnTick(price: number, tick: number): boolean {
  const steps = price / tick;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** Rounds a quantity down to a whole multiple of the lot size. */
export function floorToLot(qty: number, lot: number): number {
  return Math.floor(qty / lot + EPS) * lot;
}

/** Decimal places of a tick size (0.05 → 2, 0.0025 → 4). */
function decimals(tick: number): number {
  let d = 0;
  while (d < 8 && Math.abs(Math.round(tick * 10 ** d) - tick * 10 ** d) > EPS) d++;
  return d;
}

function fromSteps(steps: number, tick: number): number {
  const d = decimals(tick);
  return Number((steps * tick).toFixed(d));
}

/** Rupees with Indian grouping, whole amounts without paise: ₹10,00,000, ₹25.50. */
export function formatRupees(amount: number): string {
  const s = formatInr(amount);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}

/** Formats rupees for people: ₹1,23,456.78 (Indian digit grouping). */
export function formatInr(amount: number): string {
  return `${amount < 0 ? '-' : ''}₹${Math.abs(roundPaise(amount)).toLocaleString('en-IN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}
