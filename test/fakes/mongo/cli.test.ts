/** `npm run mongo:test-server`: URI on the first line, a loud in-memory notice, clean exit on SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';

const CLI = join(__dirname, 'cli.ts');

it('prints its URI first, serves the driver and exits cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const firstLine = new Promise<string>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
  });
  const exited = once(child, 'exit');
  try {
    const uri = await firstLine;
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const client = new MongoClient(`${uri}cli_check`, { serverSelectionTimeoutMS: 5000 });
    try {
      await client.connect();
      await client.db().collection('c').insertOne({ k: 1 });
      expect(await client.db().collection('c').countDocuments({ k: 1 })).toBe(1);
    } finally {
      await client.close();
    }
    expect(out).toMatch(/IN-MEMORY/);
    expect(out).toMatch(/LOST when this process exits/);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  expect(code).toBe(0);
});
