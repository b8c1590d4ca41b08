/**
 * MongoDB collections of the OMS: `orders` (one document per client order id, the current state),
 * `order_transitions` (the audit trail: every transition with its cause, indexed by IST day, symbol and
 * strategy instance) and `paper_accounts` (the paper broker's state, one document per account).
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface OrderDoc {
  _id: string;
  intent: Record<string, unknown>;
  status: string;
  brokerOrderId?: string;
  filledQuantity: number;
  averagePrice: number | null;
  message?: string;
  exitId?: string;
  charges?: number;
  updatedAt: Date;
}

export interface TransitionDoc {
  clientOrderId: string;
  symbol: string;
  strategy?: string;
  day: string;
  from: string | null;
  to: string;
  time: Date;
  cause: Record<string, unknown>;
  message?: string;
  filledQuantity: number;
  fill?: { quantity: number; price: number; side?: string; product?: string; charges?: number };
  seq: number;
}

export interface PaperAccountDoc {
  _id: string;
  state: Record<string, unknown>;
  savedAt: Date;
}

const orderSchema = new Schema<OrderDoc>(
  {
    _id: { type: String, required: true },
    intent: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, index: true },
    brokerOrderId: { type: String, required: false },
    filledQuantity: { type: Number, required: true },
    averagePrice: { type: Number, required: false, default: null },
    message: { type: String, required: false },
    exitId: { type: String, required: false },
    charges: { type: Number, required: false },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

const transitionSchema = new Schema<TransitionDoc>(
  {
    clientOrderId: { type: String, required: true, index: true },
    symbol: { type: String, required: true },
    strategy: { type: String, required: false },
    day: { type: String, required: true },
    from: { type: String, required: false, default: null },
    to: { type: String, required: true },
    time: { type: Date, required: true },
    cause: { type: Schema.Types.Mixed, required: true },
    message: { type: String, required: false },
    filledQuantity: { type: Number, required: true },
    fill: { type: { quantity: Number, price: Number, side: String, product: String, charges: Number, _id: false }, required: false },
    seq: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
transitionSchema.index({ day: 1, seq: 1 });
transitionSchema.index({ symbol: 1, seq: 1 });
transitionSchema.index({ strategy: 1, seq: 1 });

const paperSchema = new Schema<PaperAccountDoc>(
  {
    _id: { type: String, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    savedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export interface OrderModels {
  readonly orders: Model<OrderDoc>;
  readonly transitions: Model<TransitionDoc>;
  readonly paperAccounts: Model<PaperAccountDoc>;
}

export function orderModels(connection: Connection): OrderModels {
  return {
    orders: connection.models.Order ?? connection.model<OrderDoc>('Order', orderSchema, 'orders'),
    transitions: connection.models.OrderTransition ?? connection.model<TransitionDoc>('OrderTransition', transitionSchema, 'order_transitions'),
    paperAccounts: connection.models.PaperAccount ?? connection.model<PaperAccountDoc>('PaperAccount', paperSchema, 'paper_accounts'),
  };
}
