/** Portfolio views over the broker (paper or Kite): positions, holdings and margins. */
import type { Broker, BrokerError, BrokerPosition } from '../../core/broker';
import { roundPaise } from '../../core/money';
import { err, ok, type Result } from '../../core/result';
import type { PortfolioService, PositionView } from '../api/portfolio';

export type PortfolioBroker = Pick<Broker, 'positions' | 'margins'> & {
  holdings?(): Promise<Result<readonly BrokerPosition[], BrokerError>>;
};

export const positionView = (p: BrokerPosition): PositionView => ({
  symbol: p.symbol,
  product: p.product,
  quantity: p.quantity,
  averagePrice: p.averagePrice,
  lastPrice: p.lastPrice,
  pnl: roundPaise((p.lastPrice - p.averagePrice) * p.quantity),
});

const bySymbol = (a: PositionView, b: PositionView): number => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.product < b.product ? -1 : 1);

export function portfolioService(broker: PortfolioBroker): PortfolioService {
  const positions = async (): Promise<Result<PositionView[], string>> => {
    const r = await broker.positions();
    return r.ok ? ok(r.value.map(positionView).sort(bySymbol)) : err(r.error.message);
  };
  const holdings = async (): Promise<Result<PositionView[], string>> => {
    if (!broker.holdings) return err('This broker does not report holdings separately; see /positions.');
    const r = await broker.holdings();
    return r.ok ? ok(r.value.map(positionView).sort(bySymbol)) : err(r.error.message);
  };
  return {
    positions,
    holdings,
    async summary() {
      const [m, pos, hold] = await Promise.all([broker.margins(), positions(), broker.holdings ? holdings() : Promise.resolve(ok<PositionView[]>([]))]);
      if (!m.ok) return err(m.error.message);
      if (!pos.ok) return pos;
      if (!hold.ok) return hold;
      let gross = 0;
      let net = 0;
      let unrealised = 0;
      for (const p of pos.value) {
        gross += Math.abs(p.quantity) * p.lastPrice;
        net += p.quantity * p.lastPrice;
        unrealised += p.pnl;
      }
      return ok({
        available: roundPaise(m.value.available),
        marginUsed: roundPaise(m.value.used),
        grossExposure: roundPaise(gross),
        netExposure: roundPaise(net),
        unrealised: roundPaise(unrealised),
        positions: pos.value.length,
        holdings: hold.value.length,
      });
    },
  };
}
