/**
 * Protective exits of positions: the stop-loss and take-profit a strategy's latest signal gave for a symbol (or a
 * manual order's, once it fills) guard the position its account holds there — the shares not already promised to
 * a working order that closes them — as one exit attached at the broker (simulated OCO, Kite GTT). The exit follows
 * the position: after every fill and every change of the slot's open orders or levels it is cancelled when nothing
 * is left to guard or the levels are gone, and replaced when the quantity or the levels changed. A replacement (or
 * a close at the market) waits until the broker has confirmed the cancellation, so two exits never guard one
 * position at once. A signal without levels clears them; so does the slot going flat with nothing working. A leg
 * that fires comes back as an order the pipeline adopts (source: risk). A level the market has already passed when
 * the exit is due (the entry filled on a gap through the stop) cannot be attached; the guarded shares are closed at
 * once instead (`exitNow`: a market order, as the broker's stop would).
 */
import type { ExitRequest } from '../core/broker';
import { strategyInstanceId } from '../core/ids';
import type { AccountLedger } from './accountLedger';
import { PORTFOLIO_ACCOUNT } from './positionBook';
import type { Execution } from './pipelinePorts';

interface Guard {
  stop: number;
  takeProfit: number;
  /** The attached exit, with what it was attached for. */
  exitId: string | undefined;
  quantity: number;
  attachedStop: number;
  attachedTakeProfit: number;
  /** An attach is on its way (live: the broker has not answered yet). */
  pending: boolean;
  /** A cancellation is on its way: nothing new is attached (nor closed at the market) until it is confirmed. */
  cancelling: boolean;
}

/** The signed shares of slot j an exit guards: the position less what working orders already close. */
export function guardedShares(ledger: AccountLedger, j: number): number {
  const pos = ledger.position[j]!;
  return pos > 0 ? Math.max(0, pos - ledger.selling[j]!) : pos < 0 ? -Math.max(0, -pos - ledger.buying[j]!) : 0;
}

const same = (a: number, b: number): boolean => a === b || (a !== a && b !== b);

export class ProtectiveExits {
  private readonly guards = new Map<AccountLedger, (Guard | undefined)[]>();
  private readonly byExit = new Map<string, Guard>();

  constructor(
    private readonly execution: Execution,
    private readonly warn: (message: string) => void,
    /** Told of each exit the broker accepted (the pipeline notes it on the entry order, for restarts). */
    private readonly attached?: (ledger: AccountLedger, j: number, exitId: string, exit: ExitRequest) => void,
    /** The mode's last price of a symbol, and how to close a position at once when a level is already passed. */
    private readonly market?: {
      price(symbol: string): number | undefined;
      exitNow(ledger: AccountLedger, j: number, rule: 'stop-loss' | 'take-profit', level: number): void;
    },
  ) {}

  /** The levels of the latest signal for slot j (undefined clears a level); the exit follows at once. */
  setLevels(ledger: AccountLedger, j: number, stop: number | undefined, takeProfit: number | undefined): void {
    // No levels and no guard anywhere (a strategy without stops): nothing to look up.
    if (stop === undefined && takeProfit === undefined && this.guards.size === 0) return;
    let guards = this.guards.get(ledger);
    if (stop === undefined && takeProfit === undefined && (guards === undefined || guards[j] === undefined)) return;
    if (!this.execution.attachExit) return;
    if (guards === undefined) {
      guards = [];
      this.guards.set(ledger, guards);
    }
    let g = guards[j];
    if (g === undefined) {
      g = { stop: NaN, takeProfit: NaN, exitId: undefined, quantity: 0, attachedStop: NaN, attachedTakeProfit: NaN, pending: false, cancelling: false };
      guards[j] = g;
    }
    g.stop = stop ?? NaN;
    g.takeProfit = takeProfit ?? NaN;
    this.sync(ledger, j);
  }

  /** Brings slot j's exit in line with its position, open orders and levels (after every fill and order change). */
  sync(ledger: AccountLedger, j: number): void {
    if (this.guards.size === 0) return;
    const g = this.guards.get(ledger)?.[j];
    if (g === undefined) return;
    const pos = guardedShares(ledger, j);
    const want = pos !== 0 && (g.stop === g.stop || g.takeProfit === g.takeProfit);
    if (g.exitId !== undefined && (!want || g.quantity !== pos || !same(g.attachedStop, g.stop) || !same(g.attachedTakeProfit, g.takeProfit))) {
      const id = g.exitId;
      this.byExit.delete(id);
      g.exitId = undefined;
      if (this.execution.cancelExit) {
        g.cancelling = true;
        this.execution.cancelExit(id, () => {
          g.cancelling = false;
          this.sync(ledger, j);
        });
      }
    }
    if (!want || g.exitId !== undefined || g.pending || g.cancelling) return;
    const last = this.market?.price(ledger.symbols[j]!);
    if (last !== undefined && last > 0) {
      const long = pos > 0;
      const hit = (long ? last <= g.stop : last >= g.stop) ? 'stop-loss' : (long ? last >= g.takeProfit : last <= g.takeProfit) ? 'take-profit' : undefined;
      if (hit !== undefined) {
        const level = hit === 'stop-loss' ? g.stop : g.takeProfit;
        g.stop = NaN;
        g.takeProfit = NaN;
        this.market!.exitNow(ledger, j, hit, level);
        return;
      }
    }
    const exit: ExitRequest = {
      symbol: ledger.symbols[j]!,
      quantity: pos,
      product: ledger.products[j]!,
      ...(g.stop === g.stop ? { stop: g.stop } : {}),
      ...(g.takeProfit === g.takeProfit ? { takeProfit: g.takeProfit } : {}),
      ...(ledger.id !== PORTFOLIO_ACCOUNT ? { instanceId: strategyInstanceId(ledger.id) } : {}),
    };
    const guard = g;
    guard.pending = true;
    this.execution.attachExit!(exit, (r) => {
      guard.pending = false;
      if (!r.ok) {
        this.warn(`The stop-loss / take-profit for ${pos} ${exit.symbol} (${ledger.id}) could not be attached: ${r.error.message.replace(/\.$/, '')}.`);
        return;
      }
      guard.exitId = r.value.exitId;
      guard.quantity = exit.quantity;
      guard.attachedStop = exit.stop ?? NaN;
      guard.attachedTakeProfit = exit.takeProfit ?? NaN;
      this.byExit.set(r.value.exitId, guard);
      this.attached?.(ledger, j, r.value.exitId, exit);
      // The position or the levels may have moved while the broker answered.
      this.sync(ledger, j);
    });
  }

  /** Start-up: an exit attached before a restart, still guarding slot j with these levels. */
  restore(ledger: AccountLedger, j: number, levels: { readonly stop?: number; readonly takeProfit?: number }, exitId: string, quantity: number): void {
    let guards = this.guards.get(ledger);
    if (guards === undefined) {
      guards = [];
      this.guards.set(ledger, guards);
    }
    const stop = levels.stop ?? NaN;
    const takeProfit = levels.takeProfit ?? NaN;
    const g: Guard = { stop, takeProfit, exitId, quantity, attachedStop: stop, attachedTakeProfit: takeProfit, pending: false, cancelling: false };
    guards[j] = g;
    this.byExit.set(exitId, g);
    // The orders restored with it may already promise some of those shares: the exit follows at once.
    this.sync(ledger, j);
  }

  /**
   * A leg of `exitId` fired: the exit is spent (its fill arrives as an order of its own). The levels stay until the
   * slot is flat (`settled`): shares the leg did not cover are closed at the market once the leg is working.
   */
  fired(exitId: string): void {
    const g = this.byExit.get(exitId);
    if (g === undefined) return;
    this.byExit.delete(exitId);
    g.exitId = undefined;
  }

  /** After a fill: a slot left flat with nothing working keeps no levels (the next entry brings its own). */
  settled(ledger: AccountLedger, j: number): void {
    if (this.guards.size === 0) return;
    const g = this.guards.get(ledger)?.[j];
    if (g === undefined || ledger.position[j] !== 0 || ledger.working[j] !== 0 || ledger.buying[j] !== 0) return;
    g.stop = NaN;
    g.takeProfit = NaN;
    this.sync(ledger, j);
  }
}
