/**
 * The shared command-line parser: `/backtest momentum RELIANCE,TCS from=2020-01-01 fast=10` →
 * name `backtest`, positional [`momentum`, [`RELIANCE`, `TCS`]], named {from, fast}.
 *  - The leading slash is optional (the console); an `@botname` suffix is dropped; names are
 *    case-insensitive.
 *  - Values may be quoted with "…" or '…' (spaces and commas kept); an unquoted value with commas is
 *    a list. `key=value` names an argument; keys are case-insensitive.
 * Never throws: anything it cannot read comes back as a one-sentence error.
 */
import { err, ok, type Result } from '../../src/core/result';

export type ArgValue = string | readonly string[];

export interface ParsedLine {
  readonly name: string;
  readonly positional: readonly ArgValue[];
  readonly named: Readonly<Record<string, ArgValue>>;
}

interface Token {
  readonly text: string;
  /** Index in `text` where the first quoted part starts, or -1 when nothing was quoted. */
  readonly quotedAt: number;
}

const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const KEY = /^[a-z_][a-z0-9_.-]{0,31}$/i;
const MAX_LINE = 2000;

function tokenize(s: string): Result<Token[], string> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let text = '';
    let quotedAt = -1;
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === '"' || c === "'" || c === '“' || c === '‘') {
        const close = c === '“' ? '”' : c === '‘' ? '’' : c;
        const end = s.indexOf(close, i + 1);
        if (end < 0) return err(`A quote (${c}) is not closed; close it or remove it.`);
        if (quotedAt < 0) quotedAt = text.length;
        text += s.slice(i + 1, end);
        i = end + 1;
      } else {
        text += c;
        i++;
      }
    }
    tokens.push({ text, quotedAt });
  }
  return ok(tokens);
}

/** An unquoted value with commas becomes a list (empty parts dropped). */
function valueOf(text: string, quoted: boolean): ArgValue {
  if (quoted || !text.includes(',')) return text;
  return text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

export function parseCommandLine(line: string): Result<ParsedLine, string> {
  if (typeof line !== 'string') return err('Send a command as text, e.g. /help.');
  if (line.length > MAX_LINE) return err(`That message is longer than ${MAX_LINE} characters; send a shorter command.`);
  const toks = tokenize(line.trim());
  if (!toks.ok) return toks;
  const [head, ...rest] = toks.value;
  if (!head || head.text === '' || head.text === '/') return err('Send a command, e.g. /help.');
  const raw = head.text.startsWith('/') ? head.text.slice(1) : head.text;
  const at = raw.indexOf('@');
  const name = (at >= 0 ? raw.slice(0, at) : raw).toLowerCase();
  if (!NAME.test(name)) return err(`"${head.text.slice(0, 40)}" is not a command; send /help to see the commands.`);
  const positional: ArgValue[] = [];
  // No prototype: a key such as __proto__ stays an ordinary (unknown) argument.
  const named = Object.create(null) as Record<string, ArgValue>;
  for (const t of rest) {
    const eq = t.text.indexOf('=');
    const keyPart = eq > 0 && (t.quotedAt < 0 || eq < t.quotedAt) ? t.text.slice(0, eq) : '';
    if (keyPart !== '' && KEY.test(keyPart)) {
      const key = keyPart.toLowerCase();
      if (Object.prototype.hasOwnProperty.call(named, key)) return err(`The argument ${key} is given twice; give it once.`);
      named[key] = valueOf(t.text.slice(eq + 1), t.quotedAt >= 0);
    } else {
      positional.push(valueOf(t.text, t.quotedAt >= 0));
    }
  }
  return ok({ name, positional, named });
}
