/**
 * Renders a Reply on a terminal: text as is, tables aligned, images written to a folder with their
 * path printed, buttons as the commands to type, progress as one line per update, confirmations as
 * the /confirm line to type.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Reply, ReplyButtons } from '../../core/reply';
import { textTable } from './textTable';

export interface ConsoleSink {
  /** Prints one or more lines. */
  print(text: string): void;
  /** Folder for images (created when first needed). */
  readonly outDir: string;
  readonly now: () => number;
  /** Aborted when the console stops (passed to progress work). */
  readonly signal?: AbortSignal;
}

const safeName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'image.png';

function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Buttons as what to type (or open); a Refresh is left out (on a terminal one types the command again). */
function buttonLines(rows: ReplyButtons | undefined): string[] {
  const lines: string[] = [];
  for (const row of rows ?? []) for (const b of row) if (b.refresh !== true) lines.push(`  [${b.label}] ${/^https?:\/\//.test(b.action) ? 'open' : 'type'} ${b.action}`);
  return lines;
}

export async function renderReply(reply: Reply, sink: ConsoleSink): Promise<void> {
  switch (reply.kind) {
    case 'text':
      sink.print([reply.text, ...buttonLines(reply.buttons), ...(reply.keyboard && reply.keyboard.length > 0 ? [`  Keyboard: ${reply.keyboard.flat().join('  ')}`] : [])].join('\n'));
      return;
    case 'error':
      sink.print(`✖ ${reply.message}`);
      return;
    case 'table': {
      const lines = [...(reply.title ? [reply.title] : []), ...textTable(reply.columns, reply.rows), ...(reply.footer ? [reply.footer] : []), ...buttonLines(reply.buttons)];
      sink.print(lines.join('\n'));
      return;
    }
    case 'image': {
      await mkdir(sink.outDir, { recursive: true });
      const name = safeName(reply.filename.endsWith('.png') ? reply.filename : `${reply.filename}.png`);
      const path = join(sink.outDir, `${stamp(sink.now())}-${name}`);
      await writeFile(path, reply.png);
      sink.print(`[image] ${reply.caption}\n  saved to ${path}`);
      return;
    }
    case 'buttons':
      sink.print([reply.text, ...buttonLines(reply.rows)].join('\n'));
      return;
    case 'confirm': {
      const secs = Math.max(0, Math.round((reply.expiresAt - sink.now()) / 1000));
      sink.print(`⚠ ${reply.prompt}\n  To go ahead type /confirm ${reply.code} within ${secs} s.`);
      return;
    }
    case 'progress': {
      sink.print(`… ${reply.title}`);
      let last = '';
      const result = await reply.run({
        ...(sink.signal ? { signal: sink.signal } : {}),
        update(text) {
          if (text === last) return;
          last = text;
          sink.print(`… ${text}`);
        },
      });
      await renderReply(result, sink);
      return;
    }
    case 'many':
      for (const r of reply.replies) await renderReply(r, sink);
      return;
  }
}
