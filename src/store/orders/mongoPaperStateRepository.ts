/**
 * The paper broker's state in MongoDB: one document per paper account, replaced on every save. A stored account
 * that does not parse (hand-edited, or from an incompatible version) is refused with a CorruptDocumentError naming
 * the field: starting from an empty account instead would silently lose the paper positions and cash.
 */
import type { Connection } from 'mongoose';
import type { PaperState, PaperStateRepository } from '../../brokers/paper/paperState';
import { CorruptDocumentError, unreadable } from '../corruptDocument';
import { orderModels, type OrderModels, type PaperAccountDoc } from './orderModels';
import { paperStateSchema } from './paperStateSchema';

export class MongoPaperStateRepository implements PaperStateRepository {
  private readonly m: OrderModels;

  constructor(
    connection: Connection,
    private readonly account = 'paper',
  ) {
    this.m = orderModels(connection);
  }

  async load(): Promise<PaperState | undefined> {
    const d = await this.m.paperAccounts.findById(this.account).lean<PaperAccountDoc>();
    if (!d) return undefined;
    const p = paperStateSchema.safeParse(d.state);
    if (!p.success) throw new CorruptDocumentError(unreadable(`paper account ${this.account} in paper_accounts`, p.error));
    return p.data;
  }

  async save(state: PaperState): Promise<void> {
    const plain = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    await this.m.paperAccounts.replaceOne({ _id: this.account }, { _id: this.account, state: plain, savedAt: new Date() }, { upsert: true });
  }
}
