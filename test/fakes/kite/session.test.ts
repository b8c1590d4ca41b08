import { createHash } from 'node:crypto';
import { KiteConnect, type UserMargin } from 'kiteconnect';
import { startFakeKite, type FakeKite } from '.';
import { ALL_INSTRUMENTS, clientFor, rejectionOf } from './support';

describe('fake Kite: session, profile, margins, auth errors', () => {
  let fake: FakeKite;
  beforeAll(async () => {
    fake = await startFakeKite({ instruments: ALL_INSTRUMENTS, apiKey: 'key123', apiSecret: 'secret456', cash: 250_000 });
  });
  afterAll(() => fake.close());

  it('generates a session from a request token with the checksum the client computes', async () => {
    const kc = new KiteConnect({ api_key: 'key123', root: fake.root });
    const requestToken = fake.sessions.issueRequestToken();
    const session = await kc.generateSession(requestToken, 'secret456');
    expect(session.user_id).toBe('AB1234');
    expect(session.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(session.login_time).toBeInstanceOf(Date);
    // The fake verified sha256(api_key + request_token + api_secret), computed independently here:
    const form = new URLSearchParams(fake.requests.list({ route: 'api.token' })[0]!.body);
    expect(form.get('checksum')).toBe(createHash('sha256').update(`key123${requestToken}secret456`).digest('hex'));
    // The client switched to the new token: an authenticated call works.
    const profile = await kc.getProfile();
    expect(profile.user_id).toBe('AB1234');
  });

  it('rejects a wrong checksum and a reused request token with TokenException', async () => {
    const kc = new KiteConnect({ api_key: 'key123', root: fake.root });
    const requestToken = fake.sessions.issueRequestToken();
    expect((await rejectionOf(kc.generateSession(requestToken, 'wrong-secret'))).error_type).toBe('TokenException');
    await kc.generateSession(requestToken, 'secret456');
    expect((await rejectionOf(kc.generateSession(requestToken, 'secret456'))).error_type).toBe('TokenException');
  });

  it('answers margins for all segments and for equity', async () => {
    const kc = clientFor(fake);
    const all = await kc.getMargins();
    expect(all.equity?.available.cash).toBe(250_000);
    // The client's type says segment-keyed, but with a segment Kite answers that one segment's margins.
    const equity = (await kc.getMargins('equity')) as unknown as UserMargin;
    expect(equity.net).toBe(250_000);
    expect(fake.requests.count({ route: 'user.margins.segment' })).toBe(1);
  });

  it('turns an unknown or expired token into TokenException and fires the session-expiry hook', async () => {
    const kc = clientFor(fake, 'not-a-token');
    const hook = jest.fn();
    kc.setSessionExpiryHook(hook);
    const e = await rejectionOf(kc.getProfile());
    expect(e.error_type).toBe('TokenException');
    expect(hook).toHaveBeenCalledTimes(1);

    const kc2 = new KiteConnect({ api_key: 'key123', root: fake.root });
    await kc2.generateSession(fake.sessions.issueRequestToken(), 'secret456');
    await expect(kc2.getProfile()).resolves.toMatchObject({ user_id: 'AB1234' });
    fake.sessions.expire(); // the 06:00 IST expiry of every token
    const hook2 = jest.fn();
    kc2.setSessionExpiryHook(hook2);
    expect((await rejectionOf(kc2.getProfile())).error_type).toBe('TokenException');
    expect(hook2).toHaveBeenCalledTimes(1);
  });

  it('logs out with DELETE /session/token', async () => {
    const kc = new KiteConnect({ api_key: 'key123', root: fake.root });
    await kc.generateSession(fake.sessions.issueRequestToken(), 'secret456');
    await expect(kc.invalidateAccessToken()).resolves.toBe(true);
    expect((await rejectionOf(kc.getProfile())).error_type).toBe('TokenException');
  });
});
