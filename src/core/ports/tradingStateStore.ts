/**
 * Persistence port of the kill switch: the TradingState (ACTIVE / REDUCING / HALTED) with who set
 * it and why, so a HALTED book stays halted across a restart. src/store/risk implements it on
 * MongoDB; the in-memory one serves tests and backtests.
 */
import { z } from 'zod';
import { TRADING_STATES, type TradingState } from '../tradingState';

export interface TradingStateRecord {
  readonly state: TradingState;
  /** Who set it (a user's name or id, or `risk` for an automatic change). */
  readonly by: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly time: number;
}

export const tradingStateRecordSchema = z.object({
  state: z.enum(TRADING_STATES as [TradingState, ...TradingState[]]),
  by: z.string(),
  reason: z.string(),
  time: z.number().finite(),
});

export interface TradingStateStore {
  /** The last state saved, or undefined when none ever was. */
  load(): Promise<TradingStateRecord | undefined>;
  save(record: TradingStateRecord): Promise<void>;
}

export class MemoryTradingStateStore implements TradingStateStore {
  private record: TradingStateRecord | undefined;

  async load(): Promise<TradingStateRecord | undefined> {
    return this.record;
  }

  async save(record: TradingStateRecord): Promise<void> {
    this.record = record;
  }
}
