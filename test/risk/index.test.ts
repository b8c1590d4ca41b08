import * as risk from '../../src/risk';
import { intent, snapshot } from './gateFixtures';

describe('risk barrel', () => {
  it('exposes the gate as riskGate.check and the rest by name', () => {
    const r = risk.riskGate.check(intent(), snapshot(), risk.DEFAULT_RISK_LIMITS);
    expect(r.ok).toBe(true);
    expect(typeof risk.portfolioRisk).toBe('function');
    expect(typeof risk.sizePosition).toBe('function');
    expect(risk.REPLAY_WINDOWS.map((w) => w.from)).toEqual(['2020-03-01', '2008-10-01']);
  });
});
