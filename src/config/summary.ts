/** What is configured and what is missing, as lines for the start-up banner (never a secret). */
import { OUTGOING_KINDS } from './outgoingWebhooks';
import { formatRupees } from '../core/money';
import { redactUri } from './redactUri';
import { DISCORD_KINDS, type Config } from './types';

export function describeConfig(config: Config): string[] {
  const t = config.telegram;
  const d = config.discord;
  const k = config.kite;
  const lines: string[] = [];

  lines.push(`Mode: ${config.mode}${config.mode === 'live' ? ' (real orders on Zerodha)' : config.mode === 'paper' ? ' (simulated fills, no real orders)' : ''}`);
  lines.push(
    config.mongodbUri
      ? `MongoDB: ${redactUri(config.mongodbUri)} (MONGODB_URI)`
      : `MongoDB: embedded mongod, data in ${config.dataDir}/mongo (no MONGODB_URI)`,
  );

  if (!t.botToken) lines.push('Telegram: off (no TELEGRAM_BOT_TOKEN) → console');
  else {
    const how = t.webhookUrl ? `webhook ${t.webhookUrl}` : 'long polling';
    const roots = t.apiRoot === 'https://api.telegram.org' ? '' : `, Bot API at ${t.apiRoot}`;
    lines.push(`Telegram: on, ${how}, ${t.allowedUsers.length} allowed user${t.allowedUsers.length === 1 ? '' : 's'}${roots}`);
  }

  const kinds = DISCORD_KINDS.filter((kind) => d.webhookUrls[kind] !== undefined);
  if (kinds.length === 0 && !d.botToken) lines.push('Discord: off (no DISCORD_WEBHOOK_URL or DISCORD_BOT_TOKEN)');
  else {
    const hooks = kinds.length === 0 ? 'no webhooks' : `webhooks for ${kinds.join(', ')}`;
    lines.push(`Discord: on, ${hooks}${d.botToken ? ', bot' : ''}`);
  }

  if (!k.apiKey || !k.apiSecret) {
    const missing = [!k.apiKey && 'KITE_API_KEY', !k.apiSecret && 'KITE_API_SECRET'].filter(Boolean).join(', ');
    lines.push(`Kite: off (no ${missing}) → paper broker, no live market data`);
  } else {
    lines.push(`Kite: API key ${k.apiKey}${k.redirectUrl ? `, login redirect ${k.redirectUrl}` : ' (no KITE_REDIRECT_URL)'}`);
    lines.push(
      k.staticIps.length > 0
        ? `Kite static IPs: ${k.staticIps.join(', ')} (must be whitelisted on the Kite Connect developer console for orders)`
        : 'Kite static IPs: none (KITE_STATIC_IPS) → since 1 April 2026 Kite rejects orders from IPs not whitelisted on the developer console',
    );
  }

  lines.push(
    config.encryptionKey
      ? 'Encryption: on (stored Kite sessions are encrypted)'
      : 'Encryption: off (no ENCRYPTION_KEY) → Kite access tokens are not stored',
  );
  lines.push(`HTTP: http://${config.http.host}:${config.http.port}/health${config.http.apiToken ? ', REST API on' : ', REST API off (no API_TOKEN)'}`);

  const r = config.risk;
  lines.push(
    `Risk: position ≤ ${r.maxPositionPct}%, sector ≤ ${r.maxSectorPct}%, order ≤ ${formatRupees(r.maxOrderValue)}, ` +
      `${r.maxOrdersPerMinute}/min and ${r.maxOrdersPerDay}/day orders, daily loss ≤ ${r.dailyLossLimitPct}%, VaR ≤ ${r.varLimitPct}%`,
  );
  const a = config.approval;
  lines.push(`Approvals: ${a.policy === 'above_value' ? `orders above ${formatRupees(a.minValue)}` : a.policy}`);

  const al = config.alerts;
  lines.push(
    al.sources.length === 0
      ? 'Incoming alerts: off (no ALERT_SOURCES)'
      : `Incoming alerts: ${al.sources.map((s) => s.name).join(', ')} at POST /hooks/alerts/<source>, ${al.perMinute}/min per source, repeats within ${al.duplicateWindowMs / 1000} s place nothing`,
  );
  const w = config.webhooks;
  const urls = new Set(Object.values(w.urls).flat());
  const routed = OUTGOING_KINDS.filter((kind) => w.urls[kind].length > 0);
  lines.push(urls.size === 0 ? 'Outgoing webhooks: off (no OUTGOING_WEBHOOK_URLS)' : `Outgoing webhooks: ${urls.size} URL${urls.size === 1 ? '' : 's'} (${w.format}) for ${routed.join(', ')}`);
  return lines;
}
