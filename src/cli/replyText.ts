/**
 * A Reply as the command line prints it: the console transport's renderer (src/transports/console/renderReply.ts),
 * with each image left out of the text and replaced by where it is (`imageAt`, e.g. the file --out wrote).
 */
import type { Reply } from '../core/reply';
import { renderReply } from '../transports/console/renderReply';

function imagesAsNotes(reply: Reply, imageAt: string): Reply {
  if (reply.kind === 'image') return { kind: 'text', text: `[image] ${reply.caption}\n  ${imageAt}` };
  if (reply.kind === 'many') return { kind: 'many', replies: reply.replies.map((r) => imagesAsNotes(r, imageAt)) };
  return reply;
}

export async function replyText(reply: Reply, imageAt: string): Promise<string> {
  const lines: string[] = [];
  await renderReply(imagesAsNotes(reply, imageAt), { print: (text) => lines.push(text), outDir: '.', now: () => Date.now() });
  return lines.join('\n');
}
