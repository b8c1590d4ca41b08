/**
 * MODE=live market data that follows the Kite session while the bot runs. Live strategies see real ticks only:
 * without a session the feed carries nothing (never the synthetic demo market paper mode uses: its bars would reach the
 * kernel, and strategies could place real orders at made-up prices). After a login the feed switches to KiteTicker
 * ticks for the running instances' symbols (plus the default symbols); every few seconds the symbols of instances
 * started since are subscribed on the live ticker (the instance manager has no start event, so the list is
 * compared); when the session ends (TokenException, 06:00 IST expiry, logout) the feed goes quiet again and the log
 * says so. The switches are serialised and their failures logged; the tick path is MarketFeed's.
 */
import type { TickFeed } from '../../core/feed';
import type { InstrumentToken } from '../../core/ids';
import type { Result } from '../../core/result';
import type { Logger } from '../../log/logger';
import type { LiveTickSource } from '../feeds';
import type { SessionMinutes } from '../bars/barAggregator';
import type { MarketFeed } from './marketFeed';

/** KiteTicker ticks for some symbols, and the symbols left out. */
export interface LiveTicks {
  readonly feed: LiveTickSource;
  readonly symbols: ReadonlyMap<InstrumentToken, string>;
  /** Symbols the instrument master does not know (left out, with the reason). */
  readonly unknown: readonly string[];
}

/** What the feed needs of the Kite session (src/app/liveWiring.ts implements it). */
export interface KiteTickPort {
  session(): { readonly loggedIn: boolean };
  /** KiteTicker ticks for `symbols` (NSE); an error sentence without a session or an instruments list. */
  liveTicks(symbols: readonly string[]): Promise<Result<LiveTicks, string>>;
  /** Tokens of NSE `symbols` from the instrument master, and those it does not know. */
  resolveTokens(symbols: readonly string[]): Promise<Result<{ readonly tokens: ReadonlyMap<InstrumentToken, string>; readonly unknown: readonly string[] }, string>>;
  /** Called each time the session ends. Returns the unsubscribe. */
  onSessionEnded(listener: (message: string) => void): () => void;
}

/** The market feed's source labels (/status). */
export const KITE_TICKER_SOURCE = 'Kite ticker';
/** Paper mode without Kite (the demo market). */
export const SYNTHETIC_SOURCE = 'synthetic market (seeded, continuous, wall-clock times; not real prices)';
export const NO_LIVE_SOURCE = 'none until /login (live trading uses Kite ticks only)';
/** Paper mode with a Kite session. */
export const KITE_PAPER_SOURCE = 'Kite ticker (paper: simulated fills on real prices)';

/** A tick source that sends nothing (MODE=live without a Kite session). */
export const QUIET_TICKS: TickFeed = { start: async () => async () => undefined };

export interface LiveFeedOptions {
  readonly kite: KiteTickPort;
  readonly feed: Pick<MarketFeed, 'switchTicks' | 'addSymbols' | 'symbols'>;
  /** The symbols to carry live now (the running instances' and the defaults). */
  readonly wanted: () => readonly string[];
  readonly logger: Logger;
  /** How often new instances' symbols are looked for (default 5 s; 0: only on `followInstances()`). */
  readonly checkEveryMs?: number;
  /** The label of the Kite ticker's ticks in /status (default KITE_TICKER_SOURCE). */
  readonly liveSource?: string;
  /** What runs without a session (paper: the demo market); default nothing (live: QUIET_TICKS). */
  readonly fallback?: { readonly ticks: TickFeed; readonly symbols: ReadonlyMap<InstrumentToken, string>; readonly source: string; readonly session?: (midnight: number) => SessionMinutes };
}

export type FeedSource = 'kite' | 'none';

export class LiveFeed {
  private live: { readonly source: LiveTickSource; readonly symbols: Set<string> } | undefined;
  /** Symbols the instrument master does not know (reported once). */
  private readonly unknown = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private offEnded: (() => void) | undefined;
  private readonly log: Logger;

  constructor(
    private readonly o: LiveFeedOptions,
    /** The Kite ticker the feed started with, if it did (a session at start). */
    initialLive?: LiveTickSource,
  ) {
    this.log = o.logger.child({ component: 'live-feed' });
    if (initialLive) this.live = { source: initialLive, symbols: new Set(o.feed.symbols) };
  }

  /** Where the ticks come from now. */
  get source(): FeedSource {
    return this.live ? 'kite' : 'none';
  }

  /** Starts following the session and the instances. Returns the stop function. */
  start(): () => Promise<void> {
    this.offEnded = this.o.kite.onSessionEnded((message) => void this.fallBack(message));
    const every = this.o.checkEveryMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.followInstances(), every);
      this.timer.unref();
    }
    return async () => {
      if (this.timer) clearInterval(this.timer);
      this.offEnded?.();
      await this.queue;
    };
  }

  /** After a login: switches the market feed to the Kite ticker (again, with the new token, if it was live). */
  goLive(): Promise<string | undefined> {
    return this.serial(async () => {
      const wanted = [...new Set(this.o.wanted())];
      const r = await this.o.kite.liveTicks(wanted);
      if (!r.ok) {
        this.log.warn({ reason: r.error }, 'live ticks not started after the Kite login; market data stays off');
        return `Live ticks: off (${r.error})`;
      }
      this.noteUnknown(r.value.unknown);
      if (r.value.symbols.size === 0) return 'Live ticks: off (no symbol the instruments list knows)';
      await this.o.feed.switchTicks(r.value.feed, r.value.symbols, this.o.liveSource ?? KITE_TICKER_SOURCE);
      this.live = { source: r.value.feed, symbols: new Set(r.value.symbols.values()) };
      this.log.info({ symbols: this.live.symbols.size }, 'market data switched to the Kite ticker');
      return `Live ticks: ${this.live.symbols.size} symbol(s) from the Kite ticker`;
    });
  }

  /** Subscribes the symbols of instances started since the last look (nothing while the feed is quiet). */
  followInstances(): Promise<number | undefined> {
    return this.serial(async () => {
      const live = this.live;
      if (!live || !this.o.kite.session().loggedIn) return 0;
      const fresh = [...new Set(this.o.wanted())].filter((s) => !live.symbols.has(s) && !this.unknown.has(s));
      if (fresh.length === 0) return 0;
      const r = await this.o.kite.resolveTokens(fresh);
      if (!r.ok) {
        this.log.warn({ reason: r.error, symbols: fresh }, 'new symbols could not be subscribed on the Kite ticker');
        return 0;
      }
      this.noteUnknown(r.value.unknown);
      if (r.value.tokens.size === 0) return 0;
      const sub = live.source.subscribe([...r.value.tokens.keys()]);
      if (!sub.ok) {
        this.log.warn({ reason: sub.error }, 'new symbols could not be subscribed on the Kite ticker');
        return 0;
      }
      this.o.feed.addSymbols(r.value.tokens);
      for (const s of r.value.tokens.values()) live.symbols.add(s);
      this.log.info({ symbols: [...r.value.tokens.values()] }, 'new instance symbols subscribed on the Kite ticker');
      return r.value.tokens.size;
    });
  }

  /** The session ended: the Kite ticker's token is no longer valid, market data goes quiet until the next login. */
  fallBack(reason: string): Promise<void> {
    return this.serial(async () => {
      if (!this.live) return;
      this.live = undefined;
      const f = this.o.fallback;
      await (f ? this.o.feed.switchTicks(f.ticks, f.symbols, f.source, f.session) : this.o.feed.switchTicks(QUIET_TICKS, new Map<InstrumentToken, string>(), NO_LIVE_SOURCE));
      this.log.warn({ reason }, f ? `the Kite session ended: market data is ${f.source} until the next /login` : 'the Kite session ended: market data is off until the next /login');
    });
  }

  private noteUnknown(list: readonly string[]): void {
    const fresh = list.filter((u) => !this.unknown.has(u.split(' ')[0]!));
    for (const u of fresh) this.unknown.add(u.split(' ')[0]!);
    if (fresh.length > 0) this.log.warn({ unknown: fresh }, 'symbols left out of live ticks');
  }

  /** Runs after the previous switch; a failure is logged and answers undefined (callers fire and forget). */
  private serial<T>(run: () => Promise<T>): Promise<T | undefined> {
    const next = this.queue.then(run).catch((e: unknown) => {
      this.log.error({ err: e }, 'a market data switch failed');
      return undefined;
    });
    this.queue = next;
    return next;
  }
}
