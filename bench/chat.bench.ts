/**
 * Chat latency (issue 18): the reply to `/portfolio` built for an account of 200 positions, p95 ≤ 50 ms. One
 * measurement is everything the bot does between a command line and the Telegram HTML it sends: the command
 * dispatcher (parse, role, zod arguments) → the portfolio service → the real Kite client (kiteconnect over HTTP)
 * against the local fake Kite holding 200 delivery positions (margins, positions and holdings: three requests) →
 * the reply → the Telegram rendering (phone table, HTML layout). The network hop to Telegram is not in it.
 *
 * Figures: `chat.portfolio.200.p95` (target ≤ 50 ms) and its median; `chat.holdings.200.p95`, the 200-row table
 * (/holdings) the same way.
 */
import { KiteConnect } from 'kiteconnect';
import { createDispatcher } from '../commands';
import { KiteBroker } from '../src/brokers/kite/kiteBroker';
import { LiveClock } from '../src/core/clock';
import { instrumentToken, userId } from '../src/core/ids';
import type { Instrument } from '../src/core/instrument';
import type { Reply } from '../src/core/reply';
import { portfolioService } from '../src/services/engine/portfolioService';
import { layoutHtml } from '../src/transports/telegram/html';
import { replyBlocks } from '../src/transports/telegram/renderReply';
import { startFakeKite } from '../test/fakes/kite';
import type { BenchGroup } from './harness';
import { consume } from './harness';

const POSITIONS = 200;
const RUNS = 200;
const WARMUP = 30;
const TARGET_P95_MS = 50;

const instrument = (k: number): Instrument => ({
  token: instrumentToken(500_000 + k), exchangeToken: 10_000 + k, exchange: 'NSE', tradingsymbol: `SYM${String(k).padStart(3, '0')}`, name: `Company ${k}`,
  tickSize: 0.05, lotSize: 1, segment: 'NSE', instrumentType: 'EQ',
});

/** p-th percentile (nearest rank) of sorted values. */
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const group: BenchGroup = {
  name: 'chat',
  async run(ctx) {
    const instruments = Array.from({ length: POSITIONS }, (_, k) => instrument(k));
    const fake = await startFakeKite({ instruments });
    try {
      for (const [k, i] of instruments.entries()) fake.setLtp(i.token, 1000 + k);
      fake.setHoldings(instruments.map((i, k) => ({ exchange: 'NSE', tradingsymbol: i.tradingsymbol, quantity: 10 + k, average_price: 990 + k, close_price: 995 + k })));
      const kite = new KiteConnect({ api_key: fake.apiKey, access_token: 'fake_access_token', root: fake.root });
      const broker = new KiteBroker({ kite, clock: new LiveClock() });
      const dispatcher = createDispatcher({ portfolio: portfolioService(broker) });
      const viewer = { id: userId('3'), role: 'viewer' as const, name: 'vik' };
      const now = (): number => Date.now();
      const render = (r: Reply): number => layoutHtml(replyBlocks(r, now)).reduce((a, m) => a + m.length, 0);

      for (const command of ['/portfolio', '/holdings'] as const) {
        const once = async (): Promise<number> => {
          const s = process.hrtime.bigint();
          const reply = await dispatcher.handle(command, viewer);
          if (reply.kind === 'error') throw new Error(`${command}: ${reply.message}`);
          consume(render(reply));
          return Number(process.hrtime.bigint() - s) / 1e6;
        };
        const first = await dispatcher.handle(command, viewer);
        if (command === '/portfolio' && !(first.kind === 'table' && first.rows.some((r) => r[0] === 'Holdings' && r[1] === String(POSITIONS)))) {
          throw new Error(`/portfolio does not count ${POSITIONS} holdings: ${JSON.stringify(first)}`);
        }
        for (let i = 0; i < WARMUP; i++) await once();
        const t: number[] = [];
        for (let i = 0; i < RUNS; i++) t.push(await once());
        t.sort((a, b) => a - b);
        const name = command.slice(1);
        const p95 = percentile(t, 95);
        ctx.report({ bench: `chat.${name}.${POSITIONS}.p95`, value: Number(p95.toFixed(2)), unit: 'ms', baseline: TARGET_P95_MS, ratio: Number((p95 / TARGET_P95_MS).toFixed(3)), note: `target ≤ ${TARGET_P95_MS} ms; ${RUNS} runs` });
        ctx.report({ bench: `chat.${name}.${POSITIONS}.median`, value: Number(percentile(t, 50).toFixed(2)), unit: 'ms' });
      }
    } finally {
      await fake.close();
    }
  },
};
