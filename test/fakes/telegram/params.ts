/**
 * zod schemas for Bot API parameters. Forms and multipart send every value as a string, JSON sends real types,
 * so numbers, booleans and JSON-valued fields (reply_markup, commands, entities) accept both spellings.
 */
import { z } from 'zod';
import { badRequest, failed, value, type Outcome } from './reply';

const jsonString = (s: string, ctx: z.RefinementCtx): unknown => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
};

export const intParam = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
export const boolParam = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);
/** A JSON-valued parameter, sent as an object (JSON body) or as a JSON string (form / multipart). */
export const jsonParam = z.union([z.string().transform(jsonString), z.record(z.string(), z.unknown()), z.array(z.unknown())]);
/** Chats are addressed by numeric id; `@channelusername` is not supported by the fake. */
export const chatIdParam = intParam;

export const textMessageParams = z.object({
  chat_id: chatIdParam,
  text: z.string(),
  parse_mode: z.string().optional(),
  reply_markup: jsonParam.optional(),
  disable_notification: boolParam.optional(),
  reply_to_message_id: intParam.optional(),
  message_thread_id: intParam.optional(),
});

export const mediaMessageParams = z.object({
  chat_id: chatIdParam,
  caption: z.string().optional(),
  parse_mode: z.string().optional(),
  reply_markup: jsonParam.optional(),
  disable_notification: boolParam.optional(),
});

export const messageRefParams = z.object({ chat_id: chatIdParam, message_id: intParam });

/** Validates `params` with `schema`; a failure answers like the Bot API does for a bad or missing parameter. */
export function parseParams<S extends z.ZodType>(schema: S, params: Record<string, unknown>): Outcome<z.infer<S>> {
  const parsed = schema.safeParse(params);
  if (parsed.success) return value(parsed.data);
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'parameters';
  if (params[field] === undefined && issue.path.length === 1) return failed(badRequest(`${field} is empty`));
  return failed(badRequest(`field "${field}" ${issue.message}`));
}
