/**
 * MongoDB's silent failures made loud (issue 16 item 6): every `everyMs` the database is pinged and the deployment's
 * mark (deploymentMark.ts) looked for.
 *  - An outage: the admins are told when it starts (critical: orders wait, as none goes out before it is stored) and
 *    when it ends, with how long it lasted; `/health` shows it while it lasts.
 *  - A database that answers without the deployment's mark has lost the bot's data (a new empty server, a dropped
 *    database) — at start, when this machine's DATA_DIR says the deployment has run on that database before, or
 *    later, when this process saw the mark: trading is halted (the kill switch, with the reason), the admins are
 *    told, and `/health` shows it until an admin confirms by resuming trading (/resume_trading, admins only, with a
 *    Confirm button). Then the mark is written anew. A database with neither mark is a first start: both are written.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock';
import type { TradingState } from '../../core/tradingState';
import type { DeploymentMark, DeploymentMarkStore } from '../../core/ports/deploymentMark';

export interface DatabaseWatchOptions {
  /** Round-trips a ping; false when MongoDB does not answer in time. */
  readonly ping: () => Promise<boolean>;
  /** The mark in the bot's database. */
  readonly database: DeploymentMarkStore;
  /** This machine's copy (DATA_DIR). */
  readonly local: DeploymentMarkStore;
  readonly clock: Clock;
  /** Time between looks (default 5 s). */
  readonly everyMs?: number;
  readonly alert: (level: 'info' | 'warning' | 'critical', message: string) => void;
  /** Halts trading (the kill switch) with the reason. */
  readonly halt: (reason: string) => Promise<void>;
  readonly tradingState: () => TradingState;
  /** The database's address for messages (password masked). */
  readonly uri: string;
  /** A new deployment id (default a random UUID). */
  readonly newId?: () => string;
}

/** What /health shows (the http layer's check result). */
export interface WatchHealth {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

const clockTime = (t: number): string => new Date(t).toISOString().slice(11, 19);

export class DatabaseWatch {
  private downSince: number | undefined;
  private lostAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly o: DatabaseWatchOptions) {}

  /**
   * Reads both marks: the database's is taken as this deployment's (and copied to DATA_DIR); neither is a first
   * start (both written); only DATA_DIR's is data lost (trading halts). Then looks every `everyMs`.
   */
  async start(): Promise<void> {
    const [inDatabase, local] = await Promise.all([this.o.database.read(), this.o.local.read()]);
    if (inDatabase) {
      if (local?.id !== inDatabase.id) await this.o.local.write(inDatabase);
    } else if (local) {
      await this.dataLost(this.o.clock.now(), `its DATA_DIR says the bot has run on this database since ${new Date(local.createdAt).toISOString().slice(0, 10)}`);
    } else {
      await this.writeMark();
    }
    this.timer = setInterval(() => void this.look(), this.o.everyMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** For /health. */
  health(): WatchHealth {
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
    if (this.lostAt !== undefined) {
      if (this.o.tradingState() === 'HALTED') return;
      // An admin resumed trading: the database as it is now is this deployment's.
      await this.writeMark().then(
        () => {
          this.lostAt = undefined;
          this.o.alert('warning', `An admin resumed trading after MongoDB (${this.o.uri}) came back without the bot's data; the database as it is now is the bot's.`);
        },
        () => undefined,
      );
      return;
    }
    let mark: DeploymentMark | undefined;
    try {
      mark = await this.o.database.read();
    } catch {
      return;
    }
    if (!mark) await this.dataLost(now, 'this process saw its data there');
  }

  private async dataLost(now: number, because: string): Promise<void> {
    this.lostAt = now;
    const reason = `MongoDB (${this.o.uri}) answers without the bot's data (${because}; its orders, instances and settings are gone): trading is halted until an admin checks the database and confirms with /resume_trading.`;
    this.o.alert('critical', reason);
    await this.o.halt(reason);
  }

  private async writeMark(): Promise<void> {
    const mark: DeploymentMark = { id: (this.o.newId ?? randomUUID)(), createdAt: this.o.clock.now() };
    await this.o.database.write(mark);
    // Another process may have written its mark first: this machine keeps the one the database holds.
    await this.o.local.write((await this.o.database.read()) ?? mark);
  }
}
