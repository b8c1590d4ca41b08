/**
 * This machine's copy of the deployment's mark (DATA_DIR/deployments/<database>.json): none before the first write,
 * the mark after it, one file per database name, and a clear refusal of a file that is not a mark.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDeploymentMarker } from '../../../src/store/marker/fileDeploymentMarker';

describe('FileDeploymentMarker', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'autoppm-mark-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('nothing before the first write; the mark after it, per database name', async () => {
    const a = new FileDeploymentMarker(dir, 'autoppm');
    const b = new FileDeploymentMarker(dir, 'autoppm_paper');
    expect(await a.read()).toBeUndefined();
    await a.write({ id: 'dep-1', createdAt: 1_700_000_000_000 });
    expect(await a.read()).toEqual({ id: 'dep-1', createdAt: 1_700_000_000_000 });
    expect(await b.read()).toBeUndefined();
    await a.write({ id: 'dep-2', createdAt: 1_700_000_000_001 });
    expect(await new FileDeploymentMarker(dir, 'autoppm').read()).toEqual({ id: 'dep-2', createdAt: 1_700_000_000_001 });
    // written through a temporary file, none left behind
    expect(readdirSync(join(dir, 'deployments'))).toEqual(['autoppm.json']);
  });

  test('a file that is not a mark is refused with what to do', async () => {
    const m = new FileDeploymentMarker(dir, 'autoppm');
    await m.write({ id: 'dep-1', createdAt: 1 });
    writeFileSync(join(dir, 'deployments', 'autoppm.json'), '{"id": ');
    await expect(m.read()).rejects.toThrow(/autoppm\.json is not a deployment mark; remove it if this machine's bot has never run on this database/);
  });
});
