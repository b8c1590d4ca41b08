/**
 * This machine's copy of the deployment's mark (issue 16 item 6): `DATA_DIR/deployments/<database>.json`, one file per
 * database name, written once the database's own mark is known. It outlives the database: a database that answers
 * without its mark while this file exists has lost the bot's data (see src/services/engine/databaseWatch.ts).
 * The file is written whole to a temporary name and renamed, so a crash leaves the old file or the new one.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deploymentMarkSchema, type DeploymentMark, type DeploymentMarkStore } from '../../core/ports/deploymentMark';

export class FileDeploymentMarker implements DeploymentMarkStore {
  private readonly file: string;

  constructor(
    private readonly dataDir: string,
    database: string,
  ) {
    this.file = join(dataDir, 'deployments', `${database.replace(/[^\w.-]/g, '_')}.json`);
  }

  async read(): Promise<DeploymentMark | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = deploymentMarkSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${this.file} is not a deployment mark; remove it if this machine's bot has never run on this database, or restore it from a backup`);
    return parsed.data;
  }

  async write(mark: DeploymentMark): Promise<void> {
    await mkdir(join(this.dataDir, 'deployments'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(mark)}\n`, 'utf8');
    await rename(tmp, this.file);
  }
}
