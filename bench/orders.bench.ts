/**
 * Order pipeline speed.
 *  - `orders.pipeline.memory` / `orders.pipeline.mongo`: orders/s through the pipeline paper trading runs —
 *    validate → risk engine (holdings, cash and every pre-trade limit on a snapshot of the book; the order counts
 *    and the duplicate window lifted, as the rate limiter is: we measure our code, not Kite's 10/s) → OMS state →
 *    write-ahead journal (order + every transition, batched) → BrokerExecution → SimulatedBroker → fill at the next
 *    tick → fill journalled → position book. The journal in memory, and on MongoDB through mongoose against the
 *    wire-protocol test server started in this process (test/fakes/mongo) — there the paper account is
 *    persisted too (write-behind, coalesced saves). Targets ≥ 5,000/s in memory, ≥ 500/s on MongoDB.
 *  - `orders.kite.adapter_overhead`: median time of KiteBroker.place (real kiteconnect client) against the fake
 *    Kite server minus the median time of the same HTTP request sent raw with node's fetch (the fake's handling
 *    and the loopback round trip). Target ≤ 2 ms.
 */
import mongoose from 'mongoose';
import { KiteConnect } from 'kiteconnect';
import { KiteBroker } from '../src/brokers/kite/kiteBroker';
import { SimulatedBroker } from '../src/brokers/paper/simulatedBroker';
import type { PaperStateRepository } from '../src/brokers/paper/paperState';
import { LiveClock } from '../src/core/clock';
import { SessionChargeBook } from '../src/core/costs/chargeBook';
import { ZerodhaEquityCostModel } from '../src/core/costs';
import { clientOrderId, userId } from '../src/core/ids';
import type { OrderIntent } from '../src/core/order';
import { MemoryOrderRepository, type OrderRepository } from '../src/core/ports/orderRepository';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../src/risk/riskLimits';
import { MongoOrderRepository } from '../src/store/orders/mongoOrderRepository';
import { MongoPaperStateRepository } from '../src/store/orders/mongoPaperStateRepository';
import { startFakeKite } from '../test/fakes/kite';
import { INFY } from '../test/fakes/kite/support';
import { pipelineOn } from '../test/support/brokers/pipelineStack';
import { startMongoTestServer } from '../test/fakes/mongo/server';
import type { BenchGroup } from './harness';

const SYMBOLS = Array.from({ length: 50 }, (_, i) => `SYM${i}`);
const SYMBOL_SET = new Set(SYMBOLS);

function intentAt(k: number, run: string): OrderIntent {
  return {
    clientOrderId: clientOrderId(`b${run}${k.toString(36)}`),
    symbol: SYMBOLS[k % SYMBOLS.length]!,
    side: 'BUY',
    quantity: 1,
    orderType: 'MARKET',
    product: 'CNC',
    validity: 'DAY',
    source: { kind: 'user', userId: userId('bench') },
    reason: 'bench',
    time: Date.now(),
  };
}

/** The bot's limits with the order counts and the duplicate window lifted (see above). */
const LIMITS: RiskLimits = { ...DEFAULT_RISK_LIMITS, maxOrdersPerDay: Number.MAX_SAFE_INTEGER, maxOrdersPerMinute: Number.MAX_SAFE_INTEGER, duplicateWindowSeconds: 0 };

async function pipeline(repo: OrderRepository, n: number, run: string, paperRepo?: PaperStateRepository): Promise<number> {
  const clock = new LiveClock();
  const broker = await SimulatedBroker.open({
    clock,
    charges: new SessionChargeBook(new ZerodhaEquityCostModel()),
    instruments: (s) => (SYMBOL_SET.has(s) ? { exchange: 'NSE', tickSize: 0.05, lotSize: 1 } : undefined),
    startingCash: 1e12,
    ...(paperRepo ? { repository: paperRepo } : {}),
  });
  const prices = new Map(SYMBOLS.map((s) => [s, 100] as const));
  const stack = pipelineOn(broker, clock, { repo, limits: LIMITS, prices, portfolioCash: () => 1e12, rules: (s) => (SYMBOL_SET.has(s) ? { tickSize: 0.05, lotSize: 1 } : undefined) });
  for (const s of SYMBOLS) broker.handleTick(s, 100, clock.now());
  const batch = 500;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < n; k += batch) {
    const m = Math.min(batch, n - k);
    for (let j = 0; j < m; j++) {
      const r = stack.pipeline.submit(intentAt(k + j, run), { approval: 'never' });
      if (!r.ok) throw new Error(`pipeline bench: order ${k + j} refused: ${r.error.message}`);
    }
    await stack.idle();
    for (const s of SYMBOLS) broker.handleTick(s, 100.05, clock.now());
    await stack.idle();
  }
  await broker.flush();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const filled = (await repo.withStatus(['FILLED'])).length;
  if (filled !== n) throw new Error(`pipeline bench: ${filled} of ${n} orders filled`);
  const held = SYMBOLS.reduce((q, s) => q + stack.book.net(s), 0);
  if (held !== n) throw new Error(`pipeline bench: the book holds ${held} shares for ${n} filled orders`);
  stack.close();
  return (n / ms) * 1000;
}

async function median(fn: () => Promise<number>, runs: number): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) t.push(await fn());
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

async function kiteOverhead(): Promise<{ adapter: number; raw: number }> {
  const fake = await startFakeKite({ instruments: [INFY] });
  try {
    fake.setLtp(INFY.token, 1500);
    const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
    const broker = new KiteBroker({ kite, clock: new LiveClock() });
    let k = 0;
    const place = async (): Promise<number> => {
      const s = process.hrtime.bigint();
      const r = await broker.place({ ...intentAt(k++, 'k'), symbol: 'INFY', orderType: 'LIMIT', price: 1000, product: 'CNC' });
      if (!r.ok) throw new Error(r.error.message);
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    const raw = async (): Promise<number> => {
      const body = new URLSearchParams({ exchange: 'NSE', tradingsymbol: 'INFY', transaction_type: 'BUY', quantity: '1', product: 'CNC', order_type: 'LIMIT', validity: 'DAY', price: '1000', tag: `r${k++}` }).toString();
      const s = process.hrtime.bigint();
      const res = await fetch(`${fake.root}/orders/regular`, {
        method: 'POST', body,
        headers: { 'X-Kite-Version': '3', Authorization: `token ${fake.apiKey}:fake_access_token`, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      await res.json();
      return Number(process.hrtime.bigint() - s) / 1e6;
    };
    for (let i = 0; i < 50; i++) {
      await place();
      await raw();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 400; i++) {
      a.push(await place());
      b.push(await raw());
    }
    a.sort((x, y) => x - y);
    b.sort((x, y) => x - y);
    return { adapter: a[200]!, raw: b[200]! };
  } finally {
    await fake.close();
  }
}

export const group: BenchGroup = {
  name: 'orders',
  async run(ctx) {
    const mem = await median(() => pipeline(new MemoryOrderRepository(), 20_000, `m${Date.now().toString(36)}`), 3);
    ctx.report({ bench: 'orders.pipeline.memory', value: Math.round(mem), unit: 'orders/s', baseline: 5000, ratio: mem / 5000 });

    const server = await startMongoTestServer();
    const conn = await mongoose.createConnection(`${server.uri}autoppm_bench_orders`).asPromise();
    try {
      const mongo = await median(async () => {
        await conn.dropDatabase();
        return pipeline(new MongoOrderRepository(conn), 2_000, `g${Date.now().toString(36)}`, new MongoPaperStateRepository(conn, 'bench'));
      }, 3);
      ctx.report({ bench: 'orders.pipeline.mongo', value: Math.round(mongo), unit: 'orders/s', baseline: 500, ratio: mongo / 500, note: 'orders, transitions and the paper account through mongoose on the in-process wire-protocol test server' });
    } finally {
      await conn.close();
      await server.close();
    }

    const k = await kiteOverhead();
    const overhead = Math.max(0, k.adapter - k.raw);
    ctx.report({ bench: 'orders.kite.place_ms', value: Number(k.adapter.toFixed(3)), unit: 'ms' });
    ctx.report({ bench: 'orders.kite.raw_http_ms', value: Number(k.raw.toFixed(3)), unit: 'ms' });
    ctx.report({ bench: 'orders.kite.adapter_overhead', value: Number(overhead.toFixed(3)), unit: 'ms/order', baseline: 2, ratio: overhead / 2 });
  },
};
