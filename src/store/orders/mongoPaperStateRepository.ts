/** The paper broker's state in MongoDB: one document per paper account, replaced on every save. */
import type { Connection } from 'mongoose';
import type { PaperState, PaperStateRepository } from '../../brokers/paper/paperState';
import { orderModels, type OrderModels, type PaperAccountDoc } from './orderModels';

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
    return d ? (d.state as unknown as PaperState) : undefined;
  }

  async save(state: PaperState): Promise<void> {
    const plain = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
    await this.m.paperAccounts.replaceOne({ _id: this.account }, { _id: this.account, state: plain, savedAt: new Date() }, { upsert: true });
  }
}
