/** The Bot API reply envelope: `{ok:true, result}` or `{ok:false, error_code, description, parameters?}`. */
export type ApiReply =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly error_code: number;
      readonly description: string;
      readonly parameters?: { readonly retry_after?: number; readonly migrate_to_chat_id?: number };
    };

export type ApiError = Extract<ApiReply, { ok: false }>;

export const success = (result: unknown): ApiReply => ({ ok: true, result });
export const badRequest = (description: string): ApiError => ({
  ok: false,
  error_code: 400,
  description: description.startsWith('Bad Request:') ? description : `Bad Request: ${description}`,
});
export const tooManyRequests = (retryAfter: number): ApiError => ({
  ok: false,
  error_code: 429,
  description: `Too Many Requests: retry after ${retryAfter}`,
  parameters: { retry_after: retryAfter },
});
export const unauthorized = (): ApiError => ({ ok: false, error_code: 401, description: 'Unauthorized' });
export const notFound = (): ApiError => ({ ok: false, error_code: 404, description: 'Not Found' });
export const conflict = (description: string): ApiError => ({ ok: false, error_code: 409, description: `Conflict: ${description}` });
export const serverError = (status: number, description = 'Internal Server Error'): ApiError => ({ ok: false, error_code: status, description });

/** A handler's outcome: a value for the `result` field, or a Bot API error. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };
export const value = <T>(v: T): Outcome<T> => ({ ok: true, value: v });
export const failed = (error: ApiError): Outcome<never> => ({ ok: false, error });
