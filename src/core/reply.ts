/**
 * What a chat command answers, independent of any chat library: commands build these values and
 * each transport (Telegram, console, REST) renders them in its own way.
 */

/**
 * One button: a label people see and what a tap does: a command line sent back as if typed
 * (e.g. `/run sma-cross TCS`), or a link to open when it starts with `https://`.
 */
export interface ReplyButton {
  readonly label: string;
  readonly action: string;
  /** The command's reply takes the place of the message the button is on (a Refresh), where the transport can edit. */
  readonly refresh?: boolean;
}

/** Buttons under a message, in rows. */
export type ReplyButtons = readonly (readonly ReplyButton[])[];

/** A Refresh button that runs `command` again and shows its answer in place. */
export const refreshButton = (command: string): ReplyButtons => [[{ label: '🔄 Refresh', action: command, refresh: true }]];

/**
 * A message the transport shows once and then edits in place (Telegram: editMessageText; console:
 * one printed line per update).
 */
export interface ProgressHandle {
  update(text: string): void | Promise<void>;
  /**
   * Aborted when the transport stops (shutdown): work that only follows something running elsewhere (a queued job)
   * should end at once with a line saying so, rather than hold the shutdown up.
   */
  readonly signal?: AbortSignal;
  /**
   * False while the person has seen nothing of the progress yet (Telegram holds the progress message back for a
   * moment, so a fast job's result is the only message); absent where progress is always shown.
   */
  shown?(): boolean;
}

export type Reply =
  /**
   * Text, optionally with buttons under it, and a reply keyboard: commands a phone keeps under the typing field
   * (Telegram's reply keyboard; the console lists them).
   */
  | { readonly kind: 'text'; readonly text: string; readonly buttons?: ReplyButtons; readonly keyboard?: readonly (readonly string[])[] }
  /**
   * A small table: every cell is already formatted text. Transports never cut a cell (an id, a name, a key is
   * what people type next): a row too wide for a phone is shown as a small card instead.
   */
  | { readonly kind: 'table'; readonly title?: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly footer?: string; readonly buttons?: ReplyButtons }
  | { readonly kind: 'image'; readonly png: Uint8Array; readonly caption: string; readonly filename: string }
  | { readonly kind: 'buttons'; readonly text: string; readonly rows: readonly (readonly ReplyButton[])[] }
  /**
   * Long work: the transport opens a message with `title`, passes a handle that edits it, and
   * renders the reply `run` resolves to when the work is done.
   */
  /**
   * `holdBack`: the transport may hold the progress message back for a moment (Telegram: PROGRESS_HOLD_MS), so
   * work that ends within it answers with its result alone — no message waits behind a progress message and its edits.
   */
  | { readonly kind: 'progress'; readonly title: string; readonly holdBack?: boolean; readonly run: (progress: ProgressHandle) => Promise<Reply> }
  /** One sentence: what was wrong and what to do. */
  | { readonly kind: 'error'; readonly message: string }
  /**
   * A dangerous command waits for a confirmation: `/confirm <code>` (a button on Telegram, typed
   * in the console) before `expiresAt` runs it.
   */
  | { readonly kind: 'confirm'; readonly prompt: string; readonly code: string; readonly expiresAt: number }
  /** Several replies in order (e.g. a metrics card, then a chart, then a button). */
  | { readonly kind: 'many'; readonly replies: readonly Reply[] };

export const textReply = (text: string): Reply => ({ kind: 'text', text });
export const errorReply = (message: string): Reply => ({ kind: 'error', message });
export const tableReply = (columns: readonly string[], rows: readonly (readonly string[])[], title?: string, footer?: string): Reply => ({
  kind: 'table',
  columns,
  rows,
  ...(title !== undefined ? { title } : {}),
  ...(footer !== undefined ? { footer } : {}),
});
