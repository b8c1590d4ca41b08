/**
 * A deployment's mark (issue 16 item 6): an id and when it was first written, kept in two places — in the bot's
 * database (src/store/marker/mongoDataMarker.ts) and in this machine's DATA_DIR (fileDeploymentMarker.ts). The
 * DATA_DIR's copy says the deployment has run on that database before, so a database that answers without its mark
 * at start has lost the bot's data rather than being a first start (services/engine/databaseWatch.ts).
 */
import { z } from 'zod';

export interface DeploymentMark {
  readonly id: string;
  /** Epoch ms. */
  readonly createdAt: number;
}

export const deploymentMarkSchema = z.object({ id: z.string().min(1), createdAt: z.number().finite() });

/** Where a mark is kept. */
export interface DeploymentMarkStore {
  /** The mark, or undefined when there is none (throws when the place cannot be read). */
  read(): Promise<DeploymentMark | undefined>;
  write(mark: DeploymentMark): Promise<void>;
}
