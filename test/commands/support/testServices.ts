/**
 * Hand-written service groups that the command tests still use where the engine fixture
 * (engineServices.ts, the real engines) has no such group yet: P&L, rebalancer, Kite session. They keep just enough state to tell a right call from a wrong one.
 * Backtests (and every order, approval, position and chart) go through the real engines.
 */
import { err, ok } from '../../../src/core/result';
import type { PnlService } from '../../../src/services/api/pnl';
import type { RebalanceService } from '../../../src/services/api/rebalance';
import type { SessionService } from '../../../src/services/api/session';

/** A tiny PNG signature + IHDR-less body: enough for transports that only move bytes. */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

export const testPnl: PnlService = {
  async pnl(period) {
    return ok({
      period,
      from: period === 'day' ? '2025-01-08' : '2025-01-06',
      to: '2025-01-08',
      realised: 1500.5,
      unrealised: -200.25,
      charges: 35.1,
      net: 1265.15,
      bySymbol: [
        { key: 'INFY', realised: 1500.5, unrealised: 0, charges: 20.1, net: 1480.4 },
        { key: 'TCS', realised: 0, unrealised: -200.25, charges: 15, net: -215.25 },
      ],
      byInstance: [{ key: 'portfolio', realised: 1500.5, unrealised: -200.25, charges: 35.1, net: 1265.15 }],
      bySector: [{ key: 'IT', realised: 1500.5, unrealised: -200.25, charges: 35.1, net: 1265.15 }],
      basis: 'average price' as const,
    });
  },
};

export class TestRebalance implements RebalanceService {
  readonly submitted: string[] = [];
  async snapshot() {
    return ok({ time: Date.parse('2025-01-08T10:05:00Z'), equity: 1_000_000, cash: 985_000, positions: 1 });
  }
  async preview(method: Parameters<RebalanceService['preview']>[0]) {
    return ok({
      id: 'rb-1',
      method,
      trades: [{ id: 'k2m3n4p5', symbol: 'INFY', side: 'BUY' as const, quantity: 10, price: 1500, value: 15_000, estimatedCharges: 20.5, weightAfter: 0.015, targetWeight: 0.02 }],
      turnover: 15_000,
      estimatedCharges: 20.5,
      equityBefore: 1_000_000,
      cashAfter: 984_979.5,
      equityAfter: 999_979.5,
      notes: [],
      expiresAt: Date.parse('2025-01-08T05:35:00Z'),
    });
  }
  async submit(id: string) {
    if (id !== 'rb-1') return err(`There is no rebalance preview ${id}; send /rebalance again.`);
    this.submitted.push(id);
    return ok({ orders: 1, message: '' });
  }
}

export class TestSession implements SessionService {
  loggedIn = true;
  loginUrl() {
    return ok('https://kite.zerodha.com/connect/login?v=3&api_key=test_key');
  }
  async logout() {
    if (!this.loggedIn) return err('There is no Kite session to end; send /login first.');
    this.loggedIn = false;
    return ok(undefined);
  }
  status() {
    return { configured: true, loggedIn: this.loggedIn };
  }
}
