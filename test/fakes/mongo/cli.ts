/**
 * `npm run mongo:test-server [-- --port N]`: runs the in-memory MongoDB wire-protocol test server
 * standalone. The first line of output is the URI; then a loud notice that it is not a database.
 */
import { Command, InvalidArgumentError } from 'commander';
import { SUPPORTED_COMMANDS } from './dispatcher';
import { startMongoTestServer } from './server';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('the port must be a whole number from 0 to 65535.');
  return n;
}

async function main(): Promise<void> {
  const program = new Command('mongo:test-server')
    .description('In-memory MongoDB wire-protocol test server, for development and tests only (data is lost on exit).')
    .option('-p, --port <port>', 'TCP port on 127.0.0.1 (default: a free port)', parsePort)
    .parse(process.argv);
  const opts = program.opts<{ port?: number }>();
  let server;
  try {
    server = await startMongoTestServer({ port: opts.port });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`Could not start the MongoDB test server on port ${opts.port ?? 0}: ${reason}; choose another port with --port.\n`);
    process.exit(1);
  }
  process.stdout.write(`${server.uri}\n`);
  process.stdout.write(
    [
      '',
      '!!! IN-MEMORY MONGODB TEST SERVER: FOR DEVELOPMENT AND TESTS ONLY !!!',
      '!!! Not a real MongoDB: every database is kept in memory and LOST when this process exits. !!!',
      `Commands it answers: ${SUPPORTED_COMMANDS.join(', ')}; any other answers code 59 (CommandNotFound).`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}; stopping the MongoDB test server (in-memory data discarded).\n`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
