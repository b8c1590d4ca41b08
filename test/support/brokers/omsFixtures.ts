/** Shared wiring for OMS tests over a KiteBroker on the fake Kite server (the stack itself: pipelineStack.ts). */
import { KiteConnect } from 'kiteconnect';
import { KiteBroker, type KiteBrokerOptions } from '../../../src/brokers/kite/kiteBroker';
import type { Clock } from '../../../src/core/clock';
import type { DomainEvent } from '../../../src/core/events';
import { clientOrderId, type ClientOrderId, type UserId } from '../../../src/core/ids';
import type { Order, OrderIntent } from '../../../src/core/order';
import type { OrderBookBroker } from '../../../src/oms/brokerOrders';
import type { OrderRepository } from '../../../src/core/ports/orderRepository';
import { pipelineOn, type StackOptions } from './pipelineStack';
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

/**
 * The OMS side of the order pipeline over `broker` (pipelineStack.ts), with the calls the OMS tests make: submit an
 * intent (approval only when `needsApproval` says so), release a pending one, read an order, wait for the broker
 * calls and the journal, recover at start, close.
 */
export function omsOn(
  broker: OrderBookBroker,
  repo: OrderRepository,
  clock: Clock,
  over: Omit<StackOptions, 'repo' | 'policy'> & { readonly needsApproval?: (i: OrderIntent) => boolean; readonly onEvent?: (e: DomainEvent) => void } = {},
) {
  const { needsApproval, onEvent, ...rest } = over;
  // The fake Kite's usual prices (its tests set these LTPs), unless the test gives its own.
  const prices = rest.prices ?? new Map([['INFY', 1500], ['RELIANCE', 2500]]);
  const stack = pipelineOn(broker, clock, { repo, ...rest, prices, ...(needsApproval ? { policy: needsApproval } : {}) });
  if (onEvent) stack.events.onAny(onEvent);
  return {
    stack,
    async submit(intent: OrderIntent) {
      return stack.pipeline.submit(intent);
    },
    async release(id: ClientOrderId, by: UserId, changed?: OrderIntent) {
      return stack.pipeline.release(id, by, changed);
    },
    async get(id: ClientOrderId): Promise<Order | undefined> {
      return stack.pipeline.get(id) ?? (await repo.get(id));
    },
    idle: () => stack.idle(),
    recover: () => stack.recover(),
    close: () => stack.close(),
  };
}
