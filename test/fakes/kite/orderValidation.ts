/** Validation of place/modify parameters as Kite's order API does it (InputException messages on failure). */
import type { Instrument } from '../../../src/core/instrument';
import { isOnTick } from '../../../src/core/money';
import { err, ok, type Result } from '../../../src/core/result';
import type { MarketState } from './market';
import type { OrderType, Product, TransactionType, Validity } from './orderTypes';

export interface PlaceParams {
  readonly instrument: Instrument;
  readonly transactionType: TransactionType;
  readonly quantity: number;
  readonly product: Product;
  readonly orderType: OrderType;
  readonly price: number;
  readonly triggerPrice: number;
  readonly validity: Validity;
  readonly disclosedQuantity: number;
  readonly tag: string | null;
  readonly marketProtection: number;
}

export interface PriceFields {
  readonly transactionType: TransactionType;
  readonly orderType: OrderType;
  readonly quantity: number;
  readonly price: number;
  readonly triggerPrice: number;
}

const EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'BCD'];
const oneOf = <T extends string>(values: readonly T[], v: string | null): v is T => v !== null && (values as readonly string[]).includes(v);

function numberField(form: URLSearchParams, name: string, fallback: number): Result<number, string> {
  const raw = form.get(name);
  if (raw === null || raw === '') return ok(fallback);
  const n = Number(raw);
  return Number.isFinite(n) ? ok(n) : err(`Invalid \`${name}\`: ${raw} is not a number.`);
}

/** Checks the fields that depend on the order type: quantity and lot, price and trigger on the tick grid and on the right side. */
export function checkPriceFields(f: PriceFields, inst: Instrument): Result<PriceFields, string> {
  if (!Number.isInteger(f.quantity) || f.quantity <= 0) return err('Invalid `quantity`: it must be a whole number above zero.');
  if (f.quantity % inst.lotSize !== 0) return err(`Quantity should be in multiples of lot size ${inst.lotSize}.`);
  const needsPrice = f.orderType === 'LIMIT' || f.orderType === 'SL';
  const needsTrigger = f.orderType === 'SL' || f.orderType === 'SL-M';
  if (needsPrice && !(f.price > 0)) return err('Invalid `price`: a LIMIT or SL order needs a price above zero.');
  if (needsPrice && !isOnTick(f.price, inst.tickSize)) return err(`Tick size for this script is ${inst.tickSize}. Kindly enter price in the multiple of tick size for this script`);
  if (needsTrigger && !(f.triggerPrice > 0)) return err('Invalid `trigger_price`: an SL or SL-M order needs a trigger price above zero.');
  if (needsTrigger && !isOnTick(f.triggerPrice, inst.tickSize)) return err(`Trigger price should be in the multiple of tick size ${inst.tickSize}.`);
  if (f.orderType === 'SL' && f.transactionType === 'BUY' && f.triggerPrice > f.price)
    return err('Trigger price for stoploss buy orders should be less than the limit price.');
  if (f.orderType === 'SL' && f.transactionType === 'SELL' && f.triggerPrice < f.price)
    return err('Trigger price for stoploss sell orders should be higher than the limit price.');
  return ok(f);
}

export function validatePlace(form: URLSearchParams, market: MarketState, requireMarketProtection: boolean): Result<PlaceParams, string> {
  const exchange = form.get('exchange');
  if (!oneOf(EXCHANGES, exchange)) return err('Invalid `exchange`.');
  const instrument = market.bySymbolKey(`${exchange}:${form.get('tradingsymbol') ?? ''}`);
  if (!instrument) return err('Invalid `tradingsymbol`: no such instrument on this exchange.');
  const transactionType = form.get('transaction_type');
  if (!oneOf(['BUY', 'SELL'] as const, transactionType)) return err('Invalid `transaction_type`: use BUY or SELL.');
  const product = form.get('product');
  if (!oneOf(['CNC', 'MIS', 'NRML'] as const, product)) return err('Invalid `product`: use CNC, MIS or NRML.');
  const orderType = form.get('order_type');
  if (!oneOf(['MARKET', 'LIMIT', 'SL', 'SL-M'] as const, orderType)) return err('Invalid `order_type`: use MARKET, LIMIT, SL or SL-M.');
  const validity = form.get('validity') ?? 'DAY';
  if (!oneOf(['DAY', 'IOC'] as const, validity)) return err('Invalid `validity`: use DAY or IOC.');
  const tag = form.get('tag');
  if (tag !== null && tag !== '' && !/^[A-Za-z0-9]{1,20}$/.test(tag)) return err('Invalid `tag`: at most 20 alphanumeric characters.');
  const quantity = numberField(form, 'quantity', NaN);
  const price = numberField(form, 'price', 0);
  const trigger = numberField(form, 'trigger_price', 0);
  const disclosed = numberField(form, 'disclosed_quantity', 0);
  const protection = numberField(form, 'market_protection', NaN);
  if (!quantity.ok) return quantity;
  if (!price.ok) return price;
  if (!trigger.ok) return trigger;
  if (!disclosed.ok) return disclosed;
  if (!protection.ok) return protection;
  const isMarketLike = orderType === 'MARKET' || orderType === 'SL-M';
  if (isMarketLike && requireMarketProtection && Number.isNaN(protection.value))
    return err('Market orders without market protection are not allowed via API: set `market_protection`.');
  if (!Number.isNaN(protection.value) && protection.value !== -1 && (protection.value < 0 || protection.value > 100))
    return err('Invalid `market_protection`: use -1 (automatic) or a percentage from 0 to 100.');
  const fields = checkPriceFields(
    { transactionType, orderType, quantity: quantity.value, price: orderType === 'MARKET' || orderType === 'SL-M' ? 0 : price.value, triggerPrice: trigger.value },
    instrument,
  );
  if (!fields.ok) return fields;
  return ok({
    instrument,
    transactionType,
    quantity: fields.value.quantity,
    product,
    orderType,
    price: fields.value.price,
    triggerPrice: orderType === 'SL' || orderType === 'SL-M' ? fields.value.triggerPrice : 0,
    validity,
    disclosedQuantity: disclosed.value,
    tag: tag === null || tag === '' ? null : tag,
    marketProtection: Number.isNaN(protection.value) ? 0 : protection.value,
  });
}
