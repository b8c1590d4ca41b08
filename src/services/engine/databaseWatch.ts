/**
 * MongoDB's silent failures made loud (issue 16 item 6): every `everyMs` the database is pinged and the bot's mark
 * (src/store/marker/mongoDataMarker.ts) looked for.
 *  - An outage: the admins are told when it starts (critical: orders wait, as none goes out before it is stored) and
 *    when it ends, with how long it lasted; `/health` shows it (`mongo-watch` down).
 *  - A database that answers without the bot's mark has lost the bot's data (a new empty server, a dropped
 *    database): trading is halted (the kill switch), the admins are told, and `/health` shows it until an admin
 *    confirms by resuming trading (/resume_trading). The mark is written again at once.
 */
import type { Clock } from '../core/clock';
import type { TradingState } from '../core/tradingState';
import type { CheckResult } from '../http/health';

export interface DatabaseWatchOptions {
  /** Round-trips a ping; false when MongoDB does not answer in time. */
  readonly ping: () => Promise<boolean>;
  readonly marker: { present(): Promise<boolean>; write(time: number): Promise<void> };
  readonly clock: Clock;
  /** Time between looks (default 5 s). */
  readonly everyMs?: number;
  readonly alert: (level: 'info' | 'warning' | 'critical', message: string) => void;
  /** Halts trading (the kill switch) with the reason. */
  readonly halt: (reason: string) => Promise<void>;
  readonly tradingState: () => TradingState;
  /** The database's address for messages (password masked). */
  readonly uri: string;
}

const clockTime = (t: number): string => new Date(t).toISOString().slice(11, 19);

export class DatabaseWatch {
  private downSince: number | undefined;
  private lostAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: DatabaseWatchOptions) {}

  /** Writes the mark (a first start) and looks every `everyMs`. */
  async start(): Promise<void> {
    await this.o.marker.write(this.o.clock.now());
    this.timer = setInterval(() => void this.look(), this.o.everyMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** For /health. */
  health(): CheckResult {
    if (this.downSince !== undefined) return { status: 'down', detail: `MongoDB has not answered since ${clockTime(this.downSince)} UTC` };
    if (this.lostAt !== undefined) return { status: 'down', detail: `MongoDB came back without the bot's data at ${clockTime(this.lostAt)} UTC; trading is halted until an admin confirms with /resume_trading` };
    return { status: 'up' };
  }

  /** One look (at most one at a time). */
  look(): Promise<void> {
    this.running ??= this.once().finally(() => (this.running = undefined));
    return this.running;
  }

  private async once(): Promise<void> {
    const now = this.o.clock.now();
    if (this.lostAt !== undefined && this.o.tradingState() !== 'HALTED') this.lostAt = undefined;
    if (!(await this.o.ping())) {
      if (this.downSince === undefined) {
        this.downSince = now;
        this.o.alert('critical', `MongoDB (${this.o.uri}) is not answering since ${clockTime(now)} UTC: orders wait until it is back, as none goes out before it is stored.`);
      }
      return;
    }
    if (this.downSince !== undefined) {
      const since = this.downSince;
      this.downSince = undefined;
      this.o.alert('warning', `MongoDB (${this.o.uri}) is back after ${Math.round((now - since) / 1000)} s without an answer (${clockTime(since)}–${clockTime(now)} UTC).`);
    }
    let present: boolean;
    try {
      present = await this.o.marker.present();
    } catch {
      return;
    }
    if (present) return;
    this.lostAt = now;
    await this.o.marker.write(now).catch(() => undefined);
    const reason = `MongoDB (${this.o.uri}) answers without the bot's data (its orders, instances and settings are gone): trading is halted until an admin checks the database and confirms with /resume_trading.`;
    this.o.alert('critical', reason);
    await this.o.halt(reason);
  }
}
