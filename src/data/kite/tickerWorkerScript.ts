/**
 * The code run in a worker thread per ticker connection. kiteconnect's KiteTicker keeps its socket, listeners
 * and timers in module state shared by every instance of a process, and may call process.exit when it gives up
 * reconnecting; in a worker thread each connection gets its own module instance, `process.exit` would end only
 * that thread, and `terminate()` stops the read timer KiteTicker leaves behind after `disconnect()`.
 *
 * The worker runs the REAL KiteTicker with `reconnect: false` (reconnection and resubscription are done by the
 * parent, see KiteTickerConnection) and posts each batch of ticks as one transferred Float64Array of
 * TICK_FIELDS numbers per tick: token, last price, last quantity, cumulative volume, time (exchange timestamp,
 * else last trade time, else receive time; epoch ms), open interest (NaN when absent).
 * It is plain JavaScript because worker threads load code without the TypeScript toolchain.
 */

export const TICK_FIELDS = 6;

export const TICKER_WORKER_SCRIPT = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { KiteTicker } = require(workerData.kitePath);
const params = { api_key: workerData.apiKey, access_token: workerData.accessToken, reconnect: false };
if (workerData.root) params.root = workerData.root;
const ticker = new KiteTicker(params);
const FIELDS = ${TICK_FIELDS};
let down = false;
const reportDown = (reason) => {
  if (down) return;
  down = true;
  parentPort.postMessage({ ev: 'closed', reason });
};
ticker.on('connect', () => parentPort.postMessage({ ev: 'connected' }));
ticker.on('ticks', (ticks) => {
  const buf = new Float64Array(ticks.length * FIELDS);
  const now = Date.now();
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i];
    const o = i * FIELDS;
    const ts = t.exchange_timestamp || t.last_trade_time;
    buf[o] = t.instrument_token;
    buf[o + 1] = t.last_price;
    buf[o + 2] = typeof t.last_traded_quantity === 'number' ? t.last_traded_quantity : 0;
    buf[o + 3] = typeof t.volume_traded === 'number' ? t.volume_traded : 0;
    buf[o + 4] = ts instanceof Date ? ts.getTime() : now;
    buf[o + 5] = typeof t.oi === 'number' ? t.oi : NaN;
  }
  parentPort.postMessage({ ev: 'ticks', buf }, [buf.buffer]);
});
ticker.on('error', (e) => parentPort.postMessage({ ev: 'error', message: String((e && e.message) || e) }));
ticker.on('close', () => reportDown('the ticker socket closed'));
ticker.on('disconnect', () => reportDown('the ticker disconnected'));
parentPort.on('message', (m) => {
  if (m.op === 'subscribe') {
    ticker.subscribe(m.tokens);
    ticker.setMode(m.mode, m.tokens);
  } else if (m.op === 'unsubscribe') {
    ticker.unsubscribe(m.tokens);
  } else if (m.op === 'close') {
    down = true;
    ticker.disconnect();
  }
});
ticker.connect();
`;
