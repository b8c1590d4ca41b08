import { dedupeAlerts, EMPTY_DEDUPE_STATE } from '../../src/risk/alertDeduper';
import { alertEvent, alertThresholdsSchema, evaluateAlerts, type AlertObservation, type RiskAlert } from '../../src/risk/riskAlerts';

const T = 1_764_000_000_000;
const calm: AlertObservation = { time: T, equity: 1_000_000, peakEquity: 1_000_000, dayStartEquity: 1_000_000, dayPnl: 0, marketOpen: true, brokerConnected: true };

describe('risk alerts', () => {
  it('no alerts when all is calm', () => {
    expect(evaluateAlerts(calm)).toEqual([]);
  });

  it('limit near-breach at 80% and breach at 100%', () => {
    const a = evaluateAlerts({ ...calm, limits: [{ name: 'Banks sector', used: 240_000, limit: 300_000 }, { name: 'orders per day', used: 200, limit: 200 }, { name: 'IT sector', used: 100, limit: 300 }] });
    // 2,40,000 / 3,00,000 = 80% → warning; 200/200 → critical; 33% → nothing
    expect(a.map((x) => [x.kind, x.severity, x.key])).toEqual([
      ['limit-near', 'warning', 'limit:Banks sector'],
      ['limit-breach', 'critical', 'limit:orders per day'],
    ]);
    expect(a[0]!.message).toBe('The Banks sector limit is 80% used; new orders may soon be resized or denied.');
  });

  it('drawdown, VaR and intraday loss thresholds', () => {
    // drawdown 1 − 9,40,000 / 10,00,000 = 6% ≥ 5% warning; VaR 45,000 / 50,000 = 90% near; loss 20,000 = 2% limit
    const a = evaluateAlerts({ ...calm, equity: 940_000, var: 47_000, dayPnl: -20_000 });
    // VaR limit is 5% of current equity 9,40,000 = 47,000 → breach
    expect(a.map((x) => [x.kind, x.severity])).toEqual([
      ['drawdown', 'warning'],
      ['var-breach', 'critical'],
      ['intraday-loss', 'critical'],
    ]);
    expect(a[0]!.message).toBe('Drawdown is 6% from the peak of ₹10,00,000, past the 5% warning level; review open positions.');
    const b = evaluateAlerts({ ...calm, equity: 880_000, var: 40_000, dayPnl: -16_000 });
    // dd 12% critical; VaR 40,000 / 44,000 = 90.91% near; loss 16,000 / 20,000 = 80% near
    expect(b.map((x) => [x.kind, x.severity])).toEqual([
      ['drawdown', 'critical'],
      ['var-near', 'warning'],
      ['intraday-loss-near', 'warning'],
    ]);
  });

  it('stale data only while the market is open, and broker disconnects', () => {
    const data = new Map([['INFY', T - 121_000], ['TCS', T - 30_000]]);
    const a = evaluateAlerts({ ...calm, lastDataTime: data, brokerConnected: false });
    expect(a.map((x) => [x.kind, x.key, x.severity])).toEqual([
      ['stale-data', 'stale:INFY', 'warning'],
      ['broker-disconnected', 'broker', 'critical'],
    ]);
    expect(evaluateAlerts({ ...calm, lastDataTime: data, marketOpen: false })).toEqual([]);
    expect(alertEvent(a[1]!)).toEqual({ type: 'alert', level: 'critical', message: a[1]!.message, time: T });
  });

  it('validates thresholds', () => {
    expect(alertThresholdsSchema.safeParse({ drawdownWarning: 0.2, drawdownCritical: 0.1 }).success).toBe(false);
    expect(alertThresholdsSchema.safeParse({ nearFraction: 1.2 }).success).toBe(false);
  });
});

describe('alert deduper', () => {
  const alert = (key: string, severity: RiskAlert['severity']): RiskAlert => ({ kind: 'limit-near', severity, key, message: key, time: 0, value: 0, threshold: 0 });
  const cooldown = 15 * 60_000;

  it('suppresses repeats within the cooldown, lets escalations through, re-sends after the cooldown', () => {
    let s = EMPTY_DEDUPE_STATE;
    let r = dedupeAlerts(s, [alert('var', 'warning'), alert('broker', 'critical')], T, cooldown);
    expect(r.emit.map((a) => a.key)).toEqual(['var', 'broker']);
    s = r.state;
    r = dedupeAlerts(s, [alert('var', 'warning'), alert('broker', 'critical')], T + 60_000, cooldown);
    expect(r.emit).toEqual([]);
    s = r.state;
    r = dedupeAlerts(s, [alert('var', 'critical')], T + 120_000, cooldown); // escalation
    expect(r.emit.map((a) => a.severity)).toEqual(['critical']);
    s = r.state;
    r = dedupeAlerts(s, [alert('var', 'warning')], T + 180_000, cooldown); // de-escalation stays quiet
    expect(r.emit).toEqual([]);
    s = r.state;
    // broker last sent at T: at T + 15 min the cooldown has passed; var was sent at T + 2 min
    r = dedupeAlerts(s, [alert('var', 'critical'), alert('broker', 'critical')], T + cooldown, cooldown);
    expect(r.emit.map((a) => a.key)).toEqual(['broker']);
    expect(s).not.toBe(r.state); // state in, new state out
    expect([...r.state.keys()].sort()).toEqual(['broker', 'var']);
  });

  it('drops the same key twice in one batch', () => {
    const r = dedupeAlerts(EMPTY_DEDUPE_STATE, [alert('x', 'warning'), alert('x', 'warning')], T, cooldown);
    expect(r.emit).toHaveLength(1);
  });
});
