import { LiveClock } from '../../src/core/clock';
import { ZerodhaEquityCostModel } from '../../src/core/costs';
import { PaperBroker } from '../../src/brokers/paper/paperBroker';
import { MemoryPaperStateRepository } from '../../src/brokers/paper/paperState';
import { brokerContract } from './brokerContract';

brokerContract('PaperBroker', async () => {
  const broker = await PaperBroker.open({
    clock: new LiveClock(),
    costs: new ZerodhaEquityCostModel(),
    instruments: (s) => (s === 'INFY' ? { exchange: 'NSE', tickSize: 0.05, lotSize: 1 } : undefined),
    repository: new MemoryPaperStateRepository(),
  });
  return {
    broker,
    async setPrice(symbol, price) {
      broker.onTick(symbol, price, Date.now());
    },
    async settle() {
      await new Promise((r) => setImmediate(r));
    },
    async close() {
      await broker.flush();
    },
  };
});
