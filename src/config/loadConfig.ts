/** Environment → validated Config, or a ConfigError that lists every problem at once. */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import { problem, showValue, type ConfigError, type ConfigProblem } from './configError';
import type { Config } from './types';
import { envShape, ENV_NAMES, VARIABLES, type EnvName } from './variables';

export type Env = Readonly<Record<string, string | undefined>>;

const envSchema = z.object(envShape);
type ParsedEnv = z.output<typeof envSchema>;

export function loadConfig(env: Env): Result<Config, ConfigError> {
  const input: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) input[name] = env[name];

  const parsed = envSchema.safeParse(input);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (seen.has(name) || !(name in VARIABLES)) continue;
      seen.add(name);
      const v = VARIABLES[name as EnvName];
      // A structured variable's parser says which entry and field are wrong (never a secret's value).
      const detail = v.detailed && issue.code === 'custom' ? ` (${issue.message})` : '';
      problems.push(problem(name, `${v.expected}${detail}`, showValue(name, env[name])));
    }
    // Cross-field rules still run on what did parse, so a person sees every problem in one go.
    problems.push(...crossFieldProblems(env, undefined));
    return err({ kind: 'config', problems: dedupe(problems) });
  }
  problems.push(...crossFieldProblems(env, parsed.data));
  if (problems.length > 0) return err({ kind: 'config', problems });
  return ok(toConfig(parsed.data));
}

const isSet = (env: Env, name: EnvName): boolean => (env[name] ?? '').trim() !== '';

function crossFieldProblems(env: Env, data: ParsedEnv | undefined): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const mode = data?.MODE ?? (env.MODE ?? '').trim();
  if (mode === 'live') {
    for (const name of ['KITE_API_KEY', 'KITE_API_SECRET', 'ENCRYPTION_KEY'] as const) {
      if (!isSet(env, name)) out.push(problem(name, `required when MODE=live: ${VARIABLES[name].expected}`, undefined));
    }
  }
  if (isSet(env, 'TELEGRAM_WEBHOOK_URL') && !isSet(env, 'TELEGRAM_WEBHOOK_SECRET')) {
    out.push(problem('TELEGRAM_WEBHOOK_SECRET', `required with TELEGRAM_WEBHOOK_URL: ${VARIABLES.TELEGRAM_WEBHOOK_SECRET.expected}`, undefined));
  }
  const noUsers = data ? data.TELEGRAM_ALLOWED_USERS.length === 0 : !isSet(env, 'TELEGRAM_ALLOWED_USERS');
  if (isSet(env, 'TELEGRAM_BOT_TOKEN') && noUsers) {
    out.push(problem('TELEGRAM_ALLOWED_USERS', `required with TELEGRAM_BOT_TOKEN, so strangers cannot command the bot: ${VARIABLES.TELEGRAM_ALLOWED_USERS.expected}`, undefined));
  }
  return out;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.variable) ? false : (seen.add(p.variable), true)));
}

function toConfig(e: ParsedEnv): Config {
  return {
    mode: e.MODE,
    demoMarketSpeed: e.DEMO_MARKET_SPEED,
    tz: e.TZ,
    dataDir: e.DATA_DIR,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    mongodbUri: e.MONGODB_URI,
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST, apiToken: e.API_TOKEN },
    telegram: {
      botToken: e.TELEGRAM_BOT_TOKEN,
      allowedUsers: e.TELEGRAM_ALLOWED_USERS,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      apiRoot: e.TELEGRAM_API_ROOT,
    },
    discord: {
      webhookUrl: e.DISCORD_WEBHOOK_URL,
      webhookUrls: {
        risk: e.DISCORD_WEBHOOK_URL_RISK ?? e.DISCORD_WEBHOOK_URL,
        fills: e.DISCORD_WEBHOOK_URL_FILLS ?? e.DISCORD_WEBHOOK_URL,
        summary: e.DISCORD_WEBHOOK_URL_SUMMARY ?? e.DISCORD_WEBHOOK_URL,
        system: e.DISCORD_WEBHOOK_URL_SYSTEM ?? e.DISCORD_WEBHOOK_URL,
      },
      botToken: e.DISCORD_BOT_TOKEN,
      apiRoot: e.DISCORD_API_ROOT,
      allowedUsers: e.DISCORD_ALLOWED_USERS,
      approvalChannelId: e.DISCORD_APPROVAL_CHANNEL_ID,
    },
    kite: {
      apiKey: e.KITE_API_KEY,
      apiSecret: e.KITE_API_SECRET,
      redirectUrl: e.KITE_REDIRECT_URL,
      apiRoot: e.KITE_API_ROOT,
      tickerUrl: e.KITE_TICKER_URL,
      staticIps: e.KITE_STATIC_IPS,
    },
    encryptionKey: e.ENCRYPTION_KEY,
    risk: {
      maxPositionPct: e.RISK_MAX_POSITION_PCT,
      maxSectorPct: e.RISK_MAX_SECTOR_PCT,
      maxOrderValue: e.RISK_MAX_ORDER_VALUE,
      maxOrdersPerDay: e.RISK_MAX_ORDERS_PER_DAY,
      maxOrdersPerMinute: e.RISK_MAX_ORDERS_PER_MINUTE,
      dailyLossLimitPct: e.RISK_DAILY_LOSS_LIMIT_PCT,
      varLimitPct: e.RISK_VAR_LIMIT_PCT,
    },
    approval: { policy: e.APPROVAL_POLICY, minValue: e.APPROVAL_MIN_VALUE },
    alerts: { sources: e.ALERT_SOURCES, perMinute: e.ALERT_RATE_PER_MINUTE, duplicateWindowMs: e.ALERT_DUPLICATE_WINDOW_SECONDS * 1000 },
    webhooks: {
      urls: {
        risk: e.OUTGOING_WEBHOOK_URLS_RISK ?? e.OUTGOING_WEBHOOK_URLS,
        fill: e.OUTGOING_WEBHOOK_URLS_FILLS ?? e.OUTGOING_WEBHOOK_URLS,
        summary: e.OUTGOING_WEBHOOK_URLS_SUMMARY ?? e.OUTGOING_WEBHOOK_URLS,
        system: e.OUTGOING_WEBHOOK_URLS_SYSTEM ?? e.OUTGOING_WEBHOOK_URLS,
        approval: e.OUTGOING_WEBHOOK_URLS,
      },
      format: e.OUTGOING_WEBHOOK_FORMAT,
    },
  };
}

/** Every secret value in the config, for the logger's value scrubber. */
export function secretValues(config: Config): string[] {
  const values = [
    config.telegram.botToken,
    config.telegram.webhookSecret,
    config.discord.botToken,
    config.discord.webhookUrl,
    ...Object.values(config.discord.webhookUrls),
    config.kite.apiSecret,
    config.http.apiToken,
    config.encryptionKey?.toString('hex'),
    config.encryptionKey?.toString('base64'),
    config.encryptionKey?.toString('base64url'),
    ...mongoPassword(config.mongodbUri),
    ...config.alerts.sources.map((s) => s.secret),
    ...Object.values(config.webhooks.urls).flat(),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

/** The password of a connection string, as written and URL-decoded. */
function mongoPassword(uri: string | undefined): string[] {
  const m = uri ? /^[a-z+]+:\/\/[^:/@]*:([^@/]+)@/i.exec(uri) : null;
  if (!m?.[1]) return [];
  try {
    return [m[1], decodeURIComponent(m[1])];
  } catch {
    return [m[1]];
  }
}
