/**
 * The `ApprovalRepository` on MongoDB (mongoose). `replace` is a single conditional write filtered on the
 * expected `version`, so of two processes deciding the same approval at once exactly one write matches and
 * the other learns that it lost (compare-and-set by the database, not a read-then-write in our process).
 */
import type { Connection, Model } from 'mongoose';
import { approvalId, userId, type ApprovalId } from '../../core/ids';
import type { ApprovalRepository } from '../../oms/approvalRepository';
import { APPROVAL_STATUSES, type Approval, type ApprovalLine, type ApprovalStatus } from '../../oms/approvals';
import { CorruptDocumentError, unreadable } from '../corruptDocument';
import { approvalLineSchema, approvalModel, type ApprovalDoc, type StoredLine } from './approvalModel';

const STATUSES: readonly ApprovalStatus[] = APPROVAL_STATUSES;
const isDuplicateKey = (e: unknown): boolean => typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;

/** A document that does not read back as an approval (hand-edited, or from an incompatible version). */
export class CorruptApprovalError extends CorruptDocumentError {
  override readonly name: string = 'CorruptApprovalError';
}

function toDoc(a: Approval): ApprovalDoc {
  return {
    _id: a.id,
    status: a.status,
    version: a.version,
    // JSON round trip: plain data only (no undefined keys, no class instances).
    lines: a.lines.map((l) => JSON.parse(JSON.stringify(l)) as Record<string, unknown>),
    createdAt: new Date(a.createdAt),
    expiresAt: new Date(a.expiresAt),
    ...(a.decidedBy !== undefined ? { decidedBy: a.decidedBy } : {}),
    ...(a.note !== undefined ? { note: a.note } : {}),
  };
}

function toLine(l: StoredLine): ApprovalLine {
  return {
    intent: l.intent, included: l.included, sizingReason: l.sizingReason, signalPrice: l.signalPrice,
    estimatedCharges: l.estimatedCharges, marginNeeded: l.marginNeeded, varChange: l.varChange,
    ...(l.stop !== undefined ? { stop: l.stop } : {}),
    ...(l.riskRupees !== undefined ? { riskRupees: l.riskRupees } : {}),
  };
}

function fromDoc(d: ApprovalDoc): Approval {
  const status = STATUSES.find((s) => s === d.status);
  if (!status) throw new CorruptApprovalError(`approval ${d._id} has unknown status ${d.status}`);
  const lines = d.lines.map((raw, k) => {
    const p = approvalLineSchema.safeParse(raw);
    if (!p.success) throw new CorruptApprovalError(unreadable(`approval ${d._id} line ${k}`, p.error));
    return toLine(p.data);
  });
  return {
    id: approvalId(d._id), status, version: d.version, lines, createdAt: d.createdAt.getTime(), expiresAt: d.expiresAt.getTime(),
    ...(d.decidedBy ? { decidedBy: userId(d.decidedBy) } : {}),
    ...(d.note !== undefined && d.note !== null ? { note: d.note } : {}),
  };
}

export class MongoApprovalRepository implements ApprovalRepository {
  private readonly model: Model<ApprovalDoc>;

  constructor(connection: Connection) {
    this.model = approvalModel(connection);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async create(a: Approval): Promise<boolean> {
    try {
      await this.model.create(toDoc(a));
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async greatestId(pattern: RegExp): Promise<string | undefined> {
    const d = await this.model.findOne({ _id: { $regex: pattern } }, { _id: 1 }).sort({ _id: -1 }).lean<{ _id: string }>();
    return d?._id;
  }

  async get(id: ApprovalId): Promise<Approval | undefined> {
    const d = await this.model.findById(id).lean<ApprovalDoc>().exec();
    return d ? fromDoc(d) : undefined;
  }

  async replace(next: Approval, expectedVersion: number): Promise<boolean> {
    if (next.version <= expectedVersion) throw new RangeError(`approval ${next.id}: a replacement must raise the version above ${expectedVersion}`);
    const r = await this.model.replaceOne({ _id: next.id, version: expectedVersion }, toDoc(next)).exec();
    return r.matchedCount === 1;
  }

  async withStatus(status: ApprovalStatus): Promise<Approval[]> {
    const docs = await this.model.find({ status }).sort({ createdAt: 1 }).lean<ApprovalDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async pendingDue(now: number): Promise<Approval[]> {
    const docs = await this.model.find({ status: 'PENDING', expiresAt: { $lte: new Date(now) } }).lean<ApprovalDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
