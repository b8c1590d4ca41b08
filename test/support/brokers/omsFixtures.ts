/** Shared wiring for OMS tests over a KiteBroker on the fake Kite server (the stack itself: pipelineStack.ts). */
import { KiteConnect } from 'kiteconnect';
import { KiteBroker, type KiteBrokerOptions } from '../../../src/brokers/kite/kiteBroker';
import type { Clock } from '../../../src/core/clock';
import { clientOrderId } from '../../../src/core/ids';
import type { OrderIntent } from '../../../src/core/order';
import type { FakeKite } from '../../fakes/kite';

export class ManualClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

let n = 0;
export function omsIntent(over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    clientOrderId: clientOrderId(`ot${(n++).toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`),
    symbol: 'INFY',
    side: 'BUY',
    quantity: 1,
    orderType: 'MARKET',
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'job', job: 'test' },
    reason: 'test',
    time: Date.now(),
    ...over,
  };
}

export function kiteBrokerOn(fake: FakeKite, over: Partial<KiteBrokerOptions> = {}, timeout = 1000): KiteBroker {
  const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root, timeout });
  return new KiteBroker({ kite, clock: { now: () => Date.now() }, apiSecret: fake.apiSecret, sleep: async () => undefined, lookupDelaysMs: [0], ...over });
}

export function placedWithTag(fake: FakeKite, tag: string): number {
  return fake.orders.orders().filter((o) => o.tag === tag).length;
}
