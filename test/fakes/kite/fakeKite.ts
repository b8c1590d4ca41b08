/**
 * startFakeKite(): a fake Kite Connect on 127.0.0.1 (random port) speaking the REST API and the ticker websocket,
 * for the REAL `kiteconnect` client: `new KiteConnect({ api_key, access_token, root: fake.root })` and
 * `new KiteTicker({ api_key, access_token, root: fake.tickerUrl, reconnect: false })`. See README.md for the hazards.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bar } from '../../../src/core/bar';
import type { Instrument } from '../../../src/core/instrument';
import { chargeRoutes } from './charges';
import { createRequestHandler } from './dispatch';
import { Faults } from './faults';
import { gttRoutes, GttBook } from './gtt';
import { CandleStore, historicalRoutes, type CandleGenerator, type KiteInterval } from './historical';
import { instrumentRoutes } from './instrumentsCsv';
import { MarketState, type MarketSnapshot, type TickInput } from './market';
import { OrderBook } from './orderBook';
import { orderRoutes } from './orderRoutes';
import { OrderUpdateFeed, PostbackSender } from './orderUpdates';
import { portfolioRoutes, type HoldingInput } from './portfolio';
import { quoteRoutes } from './quoteRoutes';
import { KITE_RATE_LIMITS, RateLimiter, type RateLimitConfig } from './rateLimiter';
import { RequestLog } from './requestLog';
import { compileRoutes } from './router';
import { sessionRoutes } from './sessionRoutes';
import { SessionStore, type FakeUser } from './sessions';
import { TickerServer } from './ticker/tickerServer';

export interface FakeKiteOptions {
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** An access token valid from the start (as after an earlier login); null starts with none. */
  readonly accessToken?: string | null;
  readonly user?: Partial<FakeUser>;
  /** The fake's clock (order timestamps, rate-limit windows); defaults to Date.now. */
  readonly now?: () => number;
  readonly instruments?: readonly Instrument[];
  /** Equity cash for /user/margins (default ₹10,00,000). */
  readonly cash?: number;
  /** Enforce Kite's rate limits (429 when exceeded): true for Kite's figures, or your own per group. Default off. */
  readonly rateLimits?: boolean | Partial<RateLimitConfig>;
  /** Reject MARKET/SL-M orders without `market_protection`, as Kite does for API orders (default true). */
  readonly requireMarketProtection?: boolean;
  /** URL the fake POSTs order updates to (postbacks). */
  readonly postbackUrl?: string;
  /** Ticker heartbeat period (default 1000 ms). */
  readonly heartbeatMs?: number;
}

export class FakeKite {
  readonly market = new MarketState();
  readonly candles = new CandleStore();
  readonly faults = new Faults();
  readonly requests = new RequestLog();
  readonly sessions: SessionStore;
  readonly orders: OrderBook;
  readonly gtt: GttBook;
  readonly updates: OrderUpdateFeed;
  readonly ticker: TickerServer;
  readonly now: () => number;
  rateLimiter: RateLimiter | null;
  postbacks: PostbackSender | null;
  /** The account's IP whitelist for order requests; null (the default) does not check. */
  orderIps: readonly string[] | null = null;
  private holdings: readonly HoldingInput[] = [];
  private cash: number;
  private readonly server: Server;
  private port = 0;

  constructor(options: FakeKiteOptions = {}) {
    this.now = options.now ?? Date.now;
    const user: FakeUser = { user_id: 'AB1234', user_name: 'Fake Kite User', user_shortname: 'Fake', email: 'fake@example.invalid', ...options.user };
    this.sessions = new SessionStore(options.apiKey ?? 'fake_api_key', options.apiSecret ?? 'fake_api_secret', user);
    const token = options.accessToken === undefined ? 'fake_access_token' : options.accessToken;
    if (token !== null) this.sessions.addAccessToken(token, this.now());
    this.cash = options.cash ?? 1_000_000;
    this.rateLimiter = null;
    this.setRateLimits(options.rateLimits ?? false);
    this.postbacks = options.postbackUrl ? new PostbackSender(options.postbackUrl) : null;
    this.ticker = new TickerServer(this.sessions, options.heartbeatMs ?? 1000);
    this.updates = new OrderUpdateFeed(
      user.user_id,
      this.sessions.apiSecret,
      (payload) => this.ticker.sendOrderUpdate(this.sessions.apiKey, payload),
      () => this.postbacks,
    );
    this.orders = new OrderBook(this.market, user.user_id, this.now, (batch) => this.updates.publish(batch));
    this.gtt = new GttBook(this.market, user.user_id, this.now, (p) => this.orders.place(p, 'regular'));
    if (options.instruments) this.market.loadInstruments(options.instruments);
    const routes = compileRoutes([
      ...sessionRoutes(this.sessions),
      ...instrumentRoutes(this.market),
      ...historicalRoutes(this.candles, (t) => this.market.instrument(t) !== undefined),
      ...quoteRoutes(this.market),
      ...orderRoutes(this.market, this.orders, options.requireMarketProtection ?? true),
      ...portfolioRoutes(this.market, this.orders, () => this.holdings, () => this.cash),
      ...chargeRoutes(this.market),
      ...gttRoutes(this.gtt),
    ]);
    this.server = createServer(
      createRequestHandler({ routes, sessions: this.sessions, faults: this.faults, log: this.requests, limiter: () => this.rateLimiter, now: this.now, orderIps: () => this.orderIps }),
    );
    this.server.on('upgrade', (req, socket, head) => this.ticker.handleUpgrade(req, socket, head));
  }

  /** REST root for `new KiteConnect({ root })`. */
  get root(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Websocket root for KiteTicker's `root` (it appends `?api_key=…&access_token=…`). */
  get tickerUrl(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  get apiKey(): string {
    return this.sessions.apiKey;
  }

  get apiSecret(): string {
    return this.sessions.apiSecret;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  loadInstruments(list: readonly Instrument[]): void {
    this.market.loadInstruments(list);
  }

  loadCandles(token: number, interval: KiteInterval, bars: readonly Bar[]): void {
    this.candles.load(token, interval, bars);
  }

  setCandleGenerator(g: CandleGenerator | null): void {
    this.candles.setGenerator(g);
  }

  /** Updates an instrument's market picture, fires GTTs and matches orders on it, and sends it to subscribed sockets. */
  pushTick(token: number, tick: TickInput): MarketSnapshot {
    return this.pushTicks([{ token, tick }])[0]!;
  }

  /** Several ticks at once: each connection receives them in one binary frame. */
  pushTicks(ticks: readonly { readonly token: number; readonly tick: TickInput }[]): MarketSnapshot[] {
    const snaps = ticks.map(({ token, tick }) => this.market.applyTick(token, tick, this.now()));
    this.ticker.pushSnapshots(snaps);
    for (const s of snaps) {
      this.gtt.onPrice(s.token, s.ltp);
      this.orders.onPrice(s.token);
    }
    return snaps;
  }

  setLtp(token: number, ltp: number): MarketSnapshot {
    return this.pushTick(token, { ltp });
  }

  setHoldings(list: readonly HoldingInput[]): void {
    this.holdings = [...list];
  }

  setCash(cash: number): void {
    this.cash = cash;
  }

  setRateLimits(limits: boolean | Partial<RateLimitConfig>): void {
    this.rateLimiter = limits === false ? null : new RateLimiter({ ...KITE_RATE_LIMITS, ...(limits === true ? {} : limits) }, this.now);
  }

  /** Enforce the 2026 static-IP rule: order requests from any other IP are refused (403 PermissionException). */
  setOrderIpWhitelist(ips: readonly string[] | null): void {
    this.orderIps = ips;
  }

  setPostbackUrl(url: string | null): void {
    this.postbacks = url === null ? null : new PostbackSender(url);
  }

  async close(): Promise<void> {
    this.ticker.close();
    await this.postbacks?.idle();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startFakeKite(options: FakeKiteOptions = {}): Promise<FakeKite> {
  return new FakeKite(options).listen();
}
