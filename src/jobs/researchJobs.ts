/**
 * What the backtest and sweep jobs share: the request fields and the requester's address (their one schema is the
 * services' src/services/api/researchRequest.ts), and progress reported on the job lock in whole tens of percent (each report is a write).
 */
export { requesterAddress, researchRequestFields } from '../services/api/researchRequest';

/** A fraction-done callback that passes on 0 %, each further 10 % and 100 % to `report` (failures ignored). */
export function tensOfPercent(report: (percent: number) => Promise<unknown>): (fraction: number) => void {
  let last = -1;
  return (fraction) => {
    const percent = Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
    if (last < 0 || percent >= last + 10 || (percent === 100 && last < 100)) {
      last = percent;
      void report(percent).catch(() => undefined);
    }
  };
}
