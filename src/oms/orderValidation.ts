/**
 * Validation of an order intent before anything leaves the process. Each failure is one sentence saying what
 * was wrong and what to do. Pure: the instrument's trading rules come in as an argument.
 */
import { isOnTick } from '../core/money';
import type { OrderIntent } from '../core/order';
import { err, ok, type Result } from '../core/result';
import { isValidTag } from './clientOrderIds';

/** What the exchange says about trading one symbol today. */
export interface TradingRules {
  readonly tickSize: number;
  readonly lotSize: number;
  /** Largest quantity one order may carry (exchange freeze limit), when known. */
  readonly freezeQuantity?: number;
  readonly lowerCircuit?: number;
  readonly upperCircuit?: number;
  /** Last traded price, when known: a stop's trigger must sit on the far side of it. */
  readonly lastPrice?: number;
}

export type RulesLookup = (symbol: string) => TradingRules | undefined;

export interface ValidationOptions {
  /**
   * Market protection sent with MARKET and SL-M orders: a percentage in (0, 100], or -1 for Kite's automatic
   * protection. Kite refuses API market orders without it.
   */
  readonly marketProtection: number;
}

export type ValidationProblem =
  | 'unknown-instrument'
  | 'bad-client-id'
  | 'bad-quantity'
  | 'lot-size'
  | 'freeze-quantity'
  | 'missing-price'
  | 'off-tick'
  | 'trigger-side'
  | 'circuit'
  | 'market-protection';

export interface ValidationError {
  readonly kind: 'invalid-order';
  readonly problem: ValidationProblem;
  readonly message: string;
}

const fail = (problem: ValidationProblem, message: string): Result<never, ValidationError> => err({ kind: 'invalid-order', problem, message });

/** A limit or trigger price off the tick grid or outside the circuit limits (nothing allocated when it is fine). */
function priceProblem(name: 'price' | 'trigger', p: number | undefined, symbol: string, rules: TradingRules): Result<never, ValidationError> | undefined {
  if (p === undefined) return undefined;
  if (!isOnTick(p, rules.tickSize)) return fail('off-tick', `The ${name} ${p} of ${symbol} is not on its tick grid of ${rules.tickSize}; round it to a multiple of ${rules.tickSize}.`);
  if ((rules.lowerCircuit !== undefined && p < rules.lowerCircuit) || (rules.upperCircuit !== undefined && p > rules.upperCircuit)) {
    return fail('circuit', `The ${name} ${p} of ${symbol} is outside today's circuit limits ${rules.lowerCircuit ?? '-'}–${rules.upperCircuit ?? '-'}; use a price inside them.`);
  }
  return undefined;
}

/** The answer for a valid intent: one object for every order (the intent is the caller's already). */
const VALID: Result<void, ValidationError> = ok(undefined);

export function validateIntent(intent: OrderIntent, lookup: RulesLookup, opts: ValidationOptions): Result<void, ValidationError> {
  const { symbol, quantity, orderType, price, trigger, side } = intent;
  const rules = lookup(symbol);
  if (!rules) return fail('unknown-instrument', `${symbol} is not a known instrument; check the symbol (e.g. NSE:INFY) or refresh the instruments list.`);
  if (!isValidTag(intent.clientOrderId)) {
    return fail('bad-client-id', `The client order id "${intent.clientOrderId}" does not fit Kite's tag (1–20 letters or digits); generate it with ClientOrderIdFactory.`);
  }
  if (!Number.isInteger(quantity) || quantity <= 0) return fail('bad-quantity', `The quantity ${quantity} must be a whole number above 0; correct the quantity.`);
  if (quantity % rules.lotSize !== 0) {
    return fail('lot-size', `The quantity ${quantity} of ${symbol} is not a multiple of its lot size ${rules.lotSize}; use a multiple of ${rules.lotSize}.`);
  }
  if (rules.freezeQuantity !== undefined && quantity > rules.freezeQuantity) {
    return fail('freeze-quantity', `The quantity ${quantity} of ${symbol} is above the exchange freeze quantity ${rules.freezeQuantity}; split the order.`);
  }
  const needsPrice = orderType === 'LIMIT' || orderType === 'SL';
  const needsTrigger = orderType === 'SL' || orderType === 'SL-M';
  if (needsPrice && !(price !== undefined && price > 0)) return fail('missing-price', `A ${orderType} order needs a price above 0; give a limit price.`);
  if (needsTrigger && !(trigger !== undefined && trigger > 0)) return fail('missing-price', `A ${orderType} order needs a trigger price above 0; give a trigger.`);
  const bad = (needsPrice ? priceProblem('price', price, symbol, rules) : undefined) ?? (needsTrigger ? priceProblem('trigger', trigger, symbol, rules) : undefined);
  if (bad) return bad;
  if (orderType === 'SL' && trigger !== undefined && price !== undefined) {
    // A buy stop triggers on the way up and its limit sits at or above the trigger; a sell stop the mirror.
    const wrong = side === 'BUY' ? trigger > price : trigger < price;
    if (wrong) {
      return fail('trigger-side', `The trigger ${trigger} of a ${side} stop-limit must be ${side === 'BUY' ? 'at or below' : 'at or above'} its limit price ${price}; swap or fix them.`);
    }
  }
  const last = rules.lastPrice;
  if (needsTrigger && trigger !== undefined && last !== undefined && last > 0) {
    const wrong = side === 'SELL' ? trigger >= last : trigger <= last;
    if (wrong) {
      return fail('trigger-side', `The trigger ${trigger} of a ${side} stop on ${symbol} must be ${side === 'SELL' ? 'below' : 'above'} the last price ${last}, or it fires at once; move the trigger.`);
    }
  }
  if (orderType === 'MARKET' || orderType === 'SL-M') {
    const mp = opts.marketProtection;
    if (!(mp === -1 || (mp > 0 && mp <= 100))) {
      return fail('market-protection', `Market orders need a market protection of -1 (automatic) or a percentage in (0, 100], got ${mp}; set it in the broker configuration.`);
    }
  }
  return VALID;
}
