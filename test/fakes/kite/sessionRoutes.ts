/** POST /session/token (checksum-verified login), DELETE /session/token (logout), GET /user/profile. */
import { failure, inputError, success, tokenError } from './reply';
import { param, sessionOf } from './requestContext';
import type { RouteDef } from './route';
import type { SessionStore } from './sessions';
import { formatIstDateTime } from './time';

const PROFILE_LISTS = {
  broker: 'ZERODHA',
  user_type: 'individual',
  exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'BCD', 'MF'],
  products: ['CNC', 'NRML', 'MIS', 'BO', 'CO'],
  order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  avatar_url: null,
  meta: { demat_consent: 'physical' },
};

export function sessionRoutes(sessions: SessionStore): RouteDef[] {
  return [
    {
      name: 'api.token',
      method: 'POST',
      path: '/session/token',
      group: 'other',
      auth: false,
      handle: (ctx) => {
        const apiKey = param(ctx, 'api_key');
        const requestToken = param(ctx, 'request_token');
        const checksum = param(ctx, 'checksum');
        if (!apiKey || !requestToken || !checksum) return inputError('Missing `api_key`, `request_token` or `checksum`.');
        const r = sessions.exchange(apiKey, requestToken, checksum, ctx.now);
        if (!r.ok) return tokenError(r.error);
        return success({
          ...sessions.user,
          ...PROFILE_LISTS,
          api_key: apiKey,
          access_token: r.value.accessToken,
          public_token: r.value.publicToken,
          refresh_token: '',
          enctoken: '',
          silo: '',
          login_time: formatIstDateTime(r.value.loginTime),
        });
      },
    },
    {
      name: 'api.token.invalidate',
      method: 'DELETE',
      path: '/session/token',
      group: 'other',
      auth: true,
      handle: (ctx) => {
        const token = param(ctx, 'access_token') ?? sessionOf(ctx).accessToken;
        return sessions.invalidate(token) ? success(true) : failure(400, 'InputException', 'Unknown `access_token`.');
      },
    },
    {
      name: 'user.profile',
      method: 'GET',
      path: '/user/profile',
      group: 'other',
      auth: true,
      handle: () => success({ ...sessions.user, ...PROFILE_LISTS }),
    },
  ];
}
