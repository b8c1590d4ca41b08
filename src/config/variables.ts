/**
 * Every environment variable AutoPPM reads: its zod schema (with the default) and a description of what is
 * expected. The description is what a person sees when the value is wrong, so it says what to put there.
 */
import { z } from 'zod';
import {
  allowedUsers,
  discordUsers,
  encryptionKey,
  int,
  num,
  optional,
  pctBetween,
  snowflake,
  staticIps,
  telegramToken,
  timeZone,
  webhookSecret,
  withDefault,
} from './fields';
import { httpUrl, mongoUri, wsUrl } from './urls';
import { alertSourcesSchema } from './alertSources';
import { OUTGOING_FORMATS, webhookUrlList } from './outgoingWebhooks';
import { APPROVAL_POLICIES, LOG_FORMATS, LOG_LEVELS, MODES } from './types';

/** Bounds of the percent risk limits (what the risk gate accepts), for the environment and for /settings. */
export const RISK_PERCENT_BOUNDS = {
  maxPositionPct: [1, 50],
  maxSectorPct: [10, 80],
  dailyLossLimitPct: [0.1, 20],
  varLimitPct: [1, 10],
} as const satisfies Record<string, readonly [number, number]>;

export const envShape = {
  MODE: withDefault(z.enum(MODES), 'paper'),
  DEMO_MARKET_SPEED: withDefault(int(1, 3600), 60),
  TZ: withDefault(timeZone(), 'Asia/Kolkata'),
  DATA_DIR: withDefault(z.string(), './data'),
  LOG_LEVEL: withDefault(z.enum(LOG_LEVELS), 'info'),
  LOG_FORMAT: withDefault(z.enum(LOG_FORMATS), 'auto'),
  MONGODB_URI: optional(mongoUri()),
  HTTP_PORT: withDefault(int(0, 65535), 8080),
  HTTP_HOST: withDefault(z.string().regex(/^[A-Za-z0-9.:_-]+$/), '127.0.0.1'),
  API_TOKEN: optional(z.string().min(16)),
  TELEGRAM_BOT_TOKEN: optional(telegramToken()),
  TELEGRAM_ALLOWED_USERS: withDefault(allowedUsers(), []),
  TELEGRAM_WEBHOOK_URL: optional(httpUrl()),
  TELEGRAM_WEBHOOK_SECRET: optional(webhookSecret()),
  TELEGRAM_API_ROOT: withDefault(httpUrl(), 'https://api.telegram.org'),
  DISCORD_WEBHOOK_URL: optional(httpUrl()),
  DISCORD_WEBHOOK_URL_RISK: optional(httpUrl()),
  DISCORD_WEBHOOK_URL_FILLS: optional(httpUrl()),
  DISCORD_WEBHOOK_URL_SUMMARY: optional(httpUrl()),
  DISCORD_WEBHOOK_URL_SYSTEM: optional(httpUrl()),
  DISCORD_BOT_TOKEN: optional(z.string().min(20)),
  DISCORD_API_ROOT: withDefault(httpUrl(), 'https://discord.com/api'),
  DISCORD_ALLOWED_USERS: withDefault(discordUsers(), []),
  DISCORD_APPROVAL_CHANNEL_ID: optional(snowflake()),
  KITE_API_KEY: optional(z.string().regex(/^[A-Za-z0-9]+$/)),
  KITE_API_SECRET: optional(z.string().regex(/^[A-Za-z0-9]+$/)),
  KITE_REDIRECT_URL: optional(httpUrl()),
  KITE_API_ROOT: withDefault(httpUrl(), 'https://api.kite.trade'),
  KITE_TICKER_URL: withDefault(wsUrl(), 'wss://ws.kite.trade/'),
  KITE_STATIC_IPS: withDefault(staticIps(), []),
  ENCRYPTION_KEY: optional(encryptionKey()),
  RISK_MAX_POSITION_PCT: withDefault(pctBetween(...RISK_PERCENT_BOUNDS.maxPositionPct), 10),
  RISK_MAX_SECTOR_PCT: withDefault(pctBetween(...RISK_PERCENT_BOUNDS.maxSectorPct), 30),
  RISK_MAX_ORDER_VALUE: withDefault(num(0, 1e9), 100_000),
  RISK_MAX_ORDERS_PER_DAY: withDefault(int(1, 5000), 100),
  RISK_MAX_ORDERS_PER_MINUTE: withDefault(int(1, 400), 20),
  RISK_DAILY_LOSS_LIMIT_PCT: withDefault(pctBetween(...RISK_PERCENT_BOUNDS.dailyLossLimitPct), 2),
  RISK_VAR_LIMIT_PCT: withDefault(pctBetween(...RISK_PERCENT_BOUNDS.varLimitPct), 5),
  APPROVAL_POLICY: withDefault(z.enum(APPROVAL_POLICIES), 'always'),
  APPROVAL_MIN_VALUE: withDefault(z.coerce.number().min(0).max(1e9), 0),
  ALERT_SOURCES: withDefault(alertSourcesSchema, []),
  ALERT_RATE_PER_MINUTE: withDefault(int(1, 600), 30),
  ALERT_DUPLICATE_WINDOW_SECONDS: withDefault(int(1, 7 * 86_400), 600),
  OUTGOING_WEBHOOK_URLS: withDefault(webhookUrlList(), []),
  OUTGOING_WEBHOOK_URLS_RISK: optional(webhookUrlList()),
  OUTGOING_WEBHOOK_URLS_FILLS: optional(webhookUrlList()),
  OUTGOING_WEBHOOK_URLS_SUMMARY: optional(webhookUrlList()),
  OUTGOING_WEBHOOK_URLS_SYSTEM: optional(webhookUrlList()),
  OUTGOING_WEBHOOK_FORMAT: withDefault(z.enum(OUTGOING_FORMATS), 'json'),
};

export type EnvName = keyof typeof envShape;
export const ENV_NAMES = Object.keys(envShape) as EnvName[];

/** secret: never echoed; uri: echoed with its password masked. */
export type Sensitivity = 'plain' | 'secret' | 'uri';

export interface VariableDoc {
  readonly group: 'core' | 'mongodb' | 'http' | 'telegram' | 'discord' | 'kite' | 'risk' | 'approval' | 'alerts' | 'webhooks';
  readonly expected: string;
  readonly sensitivity: Sensitivity;
  /** The parser's own sentence (which entry, which field — never a secret) is added to `expected` when it fails. */
  readonly detailed?: true;
}

const doc = (group: VariableDoc['group'], expected: string, sensitivity: Sensitivity = 'plain', detailed = false): VariableDoc => ({
  group,
  expected,
  sensitivity,
  ...(detailed ? { detailed: true as const } : {}),
});

const URLS = 'comma-separated http(s) URLs (at most 5)';

export const VARIABLES: Readonly<Record<EnvName, VariableDoc>> = {
  MODE: doc('core', 'one of backtest, paper, live (default paper)'),
  DEMO_MARKET_SPEED: doc('core', 'paper mode without Kite: seconds of a session’s price movement per wall second in the synthetic demo market, 1 to 3600 (default 60)'),
  TZ: doc('core', 'an IANA time zone such as Asia/Kolkata (default Asia/Kolkata)'),
  DATA_DIR: doc('core', 'a directory for local data, e.g. the embedded MongoDB (default ./data)'),
  LOG_LEVEL: doc('core', `one of ${LOG_LEVELS.join(', ')} (default info)`),
  LOG_FORMAT: doc('core', 'one of auto, json, pretty (default auto: pretty in a terminal, JSON otherwise or when NODE_ENV=production)'),
  MONGODB_URI: doc('mongodb', 'a MongoDB connection string starting with mongodb:// or mongodb+srv://, e.g. mongodb://localhost:27017/autoppm', 'uri'),
  HTTP_PORT: doc('http', 'a TCP port number from 0 to 65535 (default 8080; 0 picks a free port)'),
  HTTP_HOST: doc('http', 'the address the HTTP server listens on, e.g. 127.0.0.1 or 0.0.0.0 (default 127.0.0.1)'),
  API_TOKEN: doc('http', 'a bearer token of at least 16 characters for the REST API', 'secret'),
  TELEGRAM_BOT_TOKEN: doc('telegram', 'the bot token from @BotFather, like 123456789:AAE…', 'secret'),
  TELEGRAM_ALLOWED_USERS: doc('telegram', 'comma-separated telegramUserId:role pairs with role admin, trader or viewer, e.g. 12345:admin,67890:viewer'),
  TELEGRAM_WEBHOOK_URL: doc('telegram', 'the public https URL Telegram posts updates to (unset: long polling)'),
  TELEGRAM_WEBHOOK_SECRET: doc('telegram', '1–256 characters of A–Z, a–z, 0–9, _ or -; required with TELEGRAM_WEBHOOK_URL', 'secret'),
  TELEGRAM_API_ROOT: doc('telegram', 'an http(s) URL of the Bot API server (default https://api.telegram.org)'),
  DISCORD_WEBHOOK_URL: doc('discord', 'a Discord webhook URL (https://discord.com/api/webhooks/…) for all alerts', 'secret'),
  DISCORD_WEBHOOK_URL_RISK: doc('discord', 'a Discord webhook URL for risk alerts (overrides DISCORD_WEBHOOK_URL)', 'secret'),
  DISCORD_WEBHOOK_URL_FILLS: doc('discord', 'a Discord webhook URL for order fills (overrides DISCORD_WEBHOOK_URL)', 'secret'),
  DISCORD_WEBHOOK_URL_SUMMARY: doc('discord', 'a Discord webhook URL for daily summaries (overrides DISCORD_WEBHOOK_URL)', 'secret'),
  DISCORD_WEBHOOK_URL_SYSTEM: doc('discord', 'a Discord webhook URL for system notices (overrides DISCORD_WEBHOOK_URL)', 'secret'),
  DISCORD_BOT_TOKEN: doc('discord', 'a Discord bot token (at least 20 characters)', 'secret'),
  DISCORD_API_ROOT: doc('discord', 'an http(s) URL of the Discord REST API (default https://discord.com/api)'),
  DISCORD_ALLOWED_USERS: doc('discord', 'comma-separated discordUserId:role pairs (ids of 17–20 digits) with role admin, trader or viewer, for approval buttons of the Discord bot'),
  DISCORD_APPROVAL_CHANNEL_ID: doc('discord', 'the Discord channel id (17–20 digits) where the bot posts approval cards'),
  KITE_API_KEY: doc('kite', 'your Kite Connect app API key (letters and digits)'),
  KITE_API_SECRET: doc('kite', 'your Kite Connect app API secret (letters and digits)', 'secret'),
  KITE_REDIRECT_URL: doc('kite', 'the http(s) redirect URL registered for your Kite Connect app'),
  KITE_API_ROOT: doc('kite', 'an http(s) URL of the Kite Connect REST API (default https://api.kite.trade)'),
  KITE_TICKER_URL: doc('kite', 'a ws(s) URL of the Kite ticker (default wss://ws.kite.trade/)'),
  KITE_STATIC_IPS: doc('kite', 'one or two comma-separated IPv4/IPv6 addresses: the static IPs this bot sends orders from, as whitelisted on the Kite Connect developer console (required by Kite for orders since 1 April 2026)'),
  ENCRYPTION_KEY: doc('kite', '32 bytes as 64 hex digits or base64 (make one with `openssl rand -hex 32`)', 'secret'),
  RISK_MAX_POSITION_PCT: doc('risk', 'a percent of equity from 1 to 50 (default 10)'),
  RISK_MAX_SECTOR_PCT: doc('risk', 'a percent of equity from 10 to 80 (default 30)'),
  RISK_MAX_ORDER_VALUE: doc('risk', 'rupees above 0 and at most 1000000000 (default 100000)'),
  RISK_MAX_ORDERS_PER_DAY: doc('risk', 'a whole number from 1 to 5000, Kite’s daily cap (default 100)'),
  RISK_MAX_ORDERS_PER_MINUTE: doc('risk', 'a whole number from 1 to 400, Kite’s per-minute cap (default 20)'),
  RISK_DAILY_LOSS_LIMIT_PCT: doc('risk', 'a percent of start-of-day equity from 0.1 to 20 (default 2)'),
  RISK_VAR_LIMIT_PCT: doc('risk', 'a percent of equity from 1 to 10 for 1-day 95% VaR (default 5)'),
  APPROVAL_POLICY: doc('approval', 'one of always, above_value, never: which orders wait for a one-tap approval (default always)'),
  APPROVAL_MIN_VALUE: doc('approval', 'rupees from 0 to 1000000000; with APPROVAL_POLICY=above_value, orders worth more need approval (default 0)'),
  ALERT_SOURCES: doc('alerts', 'a JSON object of alert sources, e.g. {"tv":{"secret":"<16+ letters/digits>","product":"MIS","size":"qty:1","approval":"always","symbols":["RELIANCE"]}}', 'secret', true),
  ALERT_RATE_PER_MINUTE: doc('alerts', 'a whole number from 1 to 600: alerts a minute per source before it is answered 429 (default 30)'),
  ALERT_DUPLICATE_WINDOW_SECONDS: doc('alerts', 'seconds from 1 to 604800: a repeat of an alert (same id, or same content without one) within this window places nothing (default 600)'),
  OUTGOING_WEBHOOK_URLS: doc('webhooks', `${URLS} that receive every notification`, 'secret', true),
  OUTGOING_WEBHOOK_URLS_RISK: doc('webhooks', `${URLS} for risk alerts (overrides OUTGOING_WEBHOOK_URLS)`, 'secret', true),
  OUTGOING_WEBHOOK_URLS_FILLS: doc('webhooks', `${URLS} for fills and order rejections (overrides OUTGOING_WEBHOOK_URLS)`, 'secret', true),
  OUTGOING_WEBHOOK_URLS_SUMMARY: doc('webhooks', `${URLS} for daily summaries (overrides OUTGOING_WEBHOOK_URLS)`, 'secret', true),
  OUTGOING_WEBHOOK_URLS_SYSTEM: doc('webhooks', `${URLS} for system notices (overrides OUTGOING_WEBHOOK_URLS)`, 'secret', true),
  OUTGOING_WEBHOOK_FORMAT: doc('webhooks', 'json or form: how notifications are posted to the outgoing webhooks (default json)'),
};
