/** The validated configuration of one AutoPPM process (built by loadConfig from the environment). */
import type { AlertSourceConfig } from './alertSources';
import type { OutgoingWebhooks } from './outgoingWebhooks';

export type { AlertApproval, AlertSizing, AlertSourceConfig } from './alertSources';
export type { OutgoingFormat, OutgoingKind, OutgoingWebhooks } from './outgoingWebhooks';

export const MODES = ['backtest', 'paper', 'live'] as const;
export type Mode = (typeof MODES)[number];
/** The modes the bot runs in (MODE=backtest is for `autoppm backtest`). */
export type BotMode = Exclude<Mode, 'backtest'>;

export const ROLES = ['admin', 'trader', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** always: every order waits for a one-tap approval; above_value: only orders worth more than minValue; never: none. */
export const APPROVAL_POLICIES = ['always', 'above_value', 'never'] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

export const DISCORD_KINDS = ['risk', 'fills', 'summary', 'system'] as const;
export type DiscordKind = (typeof DISCORD_KINDS)[number];

export interface AllowedUser {
  /** Telegram numeric user id. */
  readonly telegramId: number;
  readonly role: Role;
}

export interface DiscordUser {
  /** Discord user id (a snowflake, kept as text: it exceeds 2^53). */
  readonly discordId: string;
  readonly role: Role;
}

export interface RiskLimits {
  /** Largest single position, percent of equity. */
  readonly maxPositionPct: number;
  /** Largest sector exposure, percent of equity. */
  readonly maxSectorPct: number;
  /** Largest single order value, rupees. */
  readonly maxOrderValue: number;
  readonly maxOrdersPerDay: number;
  readonly maxOrdersPerMinute: number;
  /** Trading halts when the day's loss reaches this percent of start-of-day equity. */
  readonly dailyLossLimitPct: number;
  /** Alert when 1-day 95% VaR exceeds this percent of equity. */
  readonly varLimitPct: number;
}

export interface Config {
  readonly mode: Mode;
  /** Paper without Kite: the synthetic demo market's pace (session seconds of price movement per wall second). */
  readonly demoMarketSpeed: number;
  readonly tz: string;
  readonly dataDir: string;
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  /** Unset: `autoppm start` runs an embedded mongod with its data in DATA_DIR/mongo. */
  readonly mongodbUri: string | undefined;
  readonly http: { readonly port: number; readonly host: string; readonly apiToken: string | undefined };
  readonly telegram: {
    readonly botToken: string | undefined;
    readonly allowedUsers: readonly AllowedUser[];
    readonly webhookUrl: string | undefined;
    readonly webhookSecret: string | undefined;
    readonly apiRoot: string;
  };
  readonly discord: {
    /** The default webhook; a per-kind URL overrides it for that kind. */
    readonly webhookUrl: string | undefined;
    readonly webhookUrls: Readonly<Record<DiscordKind, string | undefined>>;
    readonly botToken: string | undefined;
    readonly apiRoot: string;
    /** Who may press the Discord bot's approval buttons, by Discord user id. */
    readonly allowedUsers: readonly DiscordUser[];
    /** Channel for the bot's approval cards. */
    readonly approvalChannelId: string | undefined;
  };
  readonly kite: {
    readonly apiKey: string | undefined;
    readonly apiSecret: string | undefined;
    readonly redirectUrl: string | undefined;
    readonly apiRoot: string;
    readonly tickerUrl: string;
    /** KITE_STATIC_IPS: the static IPs whitelisted for orders on the Kite Connect developer console (0–2). */
    readonly staticIps: readonly string[];
  };
  /** 32 bytes, used to encrypt stored Kite access tokens. */
  readonly encryptionKey: Buffer | undefined;
  readonly risk: RiskLimits;
  readonly approval: { readonly policy: ApprovalPolicy; readonly minValue: number };
  /** Incoming alerts (POST /hooks/alerts/<source>): the sources, the per-source rate and the duplicate window. */
  readonly alerts: { readonly sources: readonly AlertSourceConfig[]; readonly perMinute: number; readonly duplicateWindowMs: number };
  /** Notifications posted to URLs of your own, by kind. */
  readonly webhooks: OutgoingWebhooks;
}

/**
 * The configuration the parts below the composition root read: everything but the mode. `startApp` (src/app.ts)
 * reads MODE once and passes the mode, or what follows from it, to each part as an argument.
 */
export type WiringConfig = Omit<Config, 'mode'>;
