import { LiveClock } from '../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { SessionChargeBook } from '../../src/core/costs/chargeBook';
import { SimulatedBroker } from '../../src/brokers/paper/simulatedBroker';
import { MemoryPaperStateRepository } from '../../src/brokers/paper/paperState';
import { brokerContract } from './brokerContract';

brokerContract('SimulatedBroker (paper)', async () => {
  const broker = await SimulatedBroker.open({
    clock: new LiveClock(),
    charges: new SessionChargeBook(new ZerodhaEquityCostModel()),
    instruments: (s) => (s === 'INFY' ? { exchange: 'NSE', tickSize: 0.05, lotSize: 1 } : undefined),
    repository: new MemoryPaperStateRepository(),
  });
  return {
    broker,
    async setPrice(symbol, price) {
      broker.handleTick(symbol, price, Date.now());
    },
    async settle() {
      await new Promise((r) => setImmediate(r));
    },
    async close() {
      await broker.flush();
    },
  };
});
