/**
 * MongoDB collection `approvals`: one document per approval, with `version` for compare-and-set, and the lines
 * (intent, sizing reason, ₹ at risk, charges, margin, VaR change) as plain data. Documents read back are checked
 * with zod (`approvalDocSchema`), since a hand-edited or older document must not become an order.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { optionalNumber, orderIntentSchema } from '../orders/orderSchemas';

export interface ApprovalDoc {
  _id: string;
  status: string;
  version: number;
  lines: Record<string, unknown>[];
  createdAt: Date;
  expiresAt: Date;
  decidedBy?: string;
  note?: string;
}

const approvalSchema = new Schema<ApprovalDoc>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    decidedBy: { type: String, required: false },
    note: { type: String, required: false },
  },
  { versionKey: false, minimize: false },
);
approvalSchema.index({ status: 1, expiresAt: 1 });

export function approvalModel(connection: Connection): Model<ApprovalDoc> {
  return (connection.models.Approval as Model<ApprovalDoc> | undefined) ?? connection.model<ApprovalDoc>('Approval', approvalSchema, 'approvals');
}

export const approvalLineSchema = z.object({
  intent: orderIntentSchema,
  included: z.boolean(),
  sizingReason: z.string(),
  signalPrice: z.number().positive(),
  stop: optionalNumber,
  riskRupees: optionalNumber,
  estimatedCharges: z.number(),
  marginNeeded: z.number(),
  varChange: z.number(),
});
export type StoredLine = z.infer<typeof approvalLineSchema>;
