/**
 * The composition root: config → logger → MongoDB → HTTP. It reads the mode once and wires everything by
 * constructor arguments; later issues add the engine, brokers, jobs and chat transports here.
 */
import { describeConfig, type Config } from './config';
import { err, ok, type Result } from './core/result';
import { HealthRegistry } from './http/health';
import { startHttpServer, type HttpServer } from './http/server';
import type { Logger } from './log/logger';
import { connectMongo, type MongoStore } from './store/connection';
import { PROVIDE_MONGO_HINT, startEmbeddedMongo, type EmbeddedMongo } from './store/embeddedMongo';

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Worker process: scheduled jobs only, against a shared MongoDB; chat transports stay in the main process. */
  readonly worker: boolean;
  /** Where the start-up banner goes (one line per call). */
  readonly print: (line: string) => void;
}

export interface RunningApp {
  readonly store: MongoStore;
  readonly http: HttpServer;
  readonly health: HealthRegistry;
  /** Stops everything in reverse order of start; safe to call twice. */
  stop(): Promise<void>;
}

export interface AppStartError {
  readonly kind: 'mongo' | 'http' | 'worker-needs-mongo';
  /** One sentence for people: what was wrong and what to do. */
  readonly message: string;
}

export function bannerLines(config: Config, worker: boolean): string[] {
  const role = worker ? 'Process: worker (scheduled jobs only, on the shared MongoDB)' : 'Process: main';
  return [`AutoPPM — ${config.mode} mode`, role, ...describeConfig(config)];
}

export async function startApp(options: AppOptions): Promise<Result<RunningApp, AppStartError>> {
  const { config, logger, worker } = options;
  for (const line of bannerLines(config, worker)) options.print(line);

  const stack: Array<() => Promise<void>> = [];
  const unwind = async (): Promise<void> => {
    while (stack.length > 0) {
      const step = stack.pop();
      await step?.().catch((e: unknown) => logger.error({ err: e }, 'error while shutting down'));
    }
  };

  let uri = config.mongodbUri;
  let hint: string | undefined;
  if (!uri) {
    if (worker) {
      return err({
        kind: 'worker-needs-mongo',
        message: 'a worker shares the main process’s MongoDB and cannot run an embedded one; set MONGODB_URI to the same database as the main process',
      });
    }
    const embedded: Result<EmbeddedMongo, { message: string }> = await startEmbeddedMongo({ dataDir: config.dataDir, logger });
    if (!embedded.ok) return err({ kind: 'mongo', message: embedded.error.message });
    stack.push(() => embedded.value.stop());
    uri = embedded.value.uri;
    hint = PROVIDE_MONGO_HINT;
  }

  const store = await connectMongo(uri, { logger, hint });
  if (!store.ok) {
    await unwind();
    return err({ kind: 'mongo', message: store.error.message });
  }
  stack.push(() => store.value.close());

  const health = new HealthRegistry();
  health.register('mongo', async () =>
    (await store.value.ping()) ? { status: 'up' } : { status: 'down', detail: `no answer from ${store.value.uri}` },
  );

  const http = await startHttpServer({ host: config.http.host, port: config.http.port, health, logger });
  if (!http.ok) {
    await unwind();
    return err({ kind: 'http', message: http.error });
  }
  stack.push(() => http.value.close());

  logger.info({ mode: config.mode, worker, health: `${http.value.url}/health` }, 'AutoPPM started');
  let stopping: Promise<void> | undefined;
  return ok({
    store: store.value,
    http: http.value,
    health,
    stop() {
      stopping ??= unwind().then(() => logger.info('AutoPPM stopped'));
      return stopping;
    },
  });
}
