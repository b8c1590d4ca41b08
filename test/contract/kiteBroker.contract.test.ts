import { KiteConnect } from 'kiteconnect';
import { KiteBroker } from '../../src/brokers/kite/kiteBroker';
import { LiveClock } from '../../src/core/clock';
import { startFakeKite } from '../fakes/kite';
import { INFY } from '../fakes/kite/support';
import { brokerContract } from './brokerContract';

brokerContract('KiteBroker on the fake Kite server', async () => {
  const fake = await startFakeKite({ instruments: [INFY] });
  const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root, timeout: 2000 });
  const broker = new KiteBroker({ kite, clock: new LiveClock(), apiSecret: fake.apiSecret, sleep: async () => undefined });
  return {
    broker,
    async setPrice(symbol, price) {
      if (symbol === 'INFY') fake.setLtp(INFY.token, price);
    },
    async settle() {
      // Order-book polling feeds the same ingest as the ticker and postbacks.
      const r = await broker.sync();
      if (!r.ok) throw new Error(r.error.message);
    },
    close: () => fake.close(),
  };
});
