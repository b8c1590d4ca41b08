/** Multipart uploads through telegraf: photo and document bytes arrive intact, with caption and keyboard. */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { Markup, Telegraf } from 'telegraf';
import { startFakeTelegram, type FakeTelegram } from '.';

/** A small valid PNG (RGB, width × height, a gradient) built from its definition, not from a file. */
function png(width: number, height: number): Buffer {
  const crc = (buf: Buffer): number => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) for (let x = 0; x < width * 3; x++) raw[y * (1 + width * 3) + 1 + x] = (x * 7 + y * 13) & 0xff;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('uploads through telegraf', () => {
  let fake: FakeTelegram;
  let bot: Telegraf;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot } });
  });
  afterAll(() => fake.close());

  it('sendPhoto with a Buffer keeps every byte, the caption and the keyboard (sent as a JSON string)', async () => {
    const image = png(64, 48);
    const sent = await bot.telegram.sendPhoto(
      700,
      { source: image, filename: 'equity.png' },
      { caption: '<b>Equity</b> &amp; drawdown', parse_mode: 'HTML', ...Markup.inlineKeyboard([Markup.button.callback('Run in paper', 'paper:1')]) },
    );
    expect(sent.photo[0]).toMatchObject({ width: 64, height: 48, file_size: image.length });
    expect(sent.caption).toBe('Equity & drawdown');
    expect(sent.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 6 }]);

    const call = fake.calls('sendPhoto')[0]!;
    expect(call.fileFields).toEqual(['photo']);
    expect(call.params.method).toBe('sendPhoto');
    expect(typeof call.params.reply_markup).toBe('string');

    const stored = fake.messages(700)[0]!;
    expect(stored.photo?.filename).toBe('equity.png');
    expect(sha(stored.photo?.bytes ?? Buffer.alloc(0))).toBe(sha(image));
    expect(stored.state.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Run in paper', callback_data: 'paper:1', hide: false }]] });
  });

  it('a photo can be re-sent by file_id and a document upload keeps its name and bytes', async () => {
    const image = png(3, 2);
    const first = await bot.telegram.sendPhoto(701, { source: image });
    const again = await bot.telegram.sendPhoto(701, first.photo[0]!.file_id, { caption: 'again' });
    expect(again.photo[0]!.file_id).toBe(first.photo[0]!.file_id);
    expect(fake.messages(701)[1]!.photo?.bytes.equals(image)).toBe(true);

    const csv = Buffer.from('symbol,qty\nINFY,10\n', 'utf8');
    const doc = await bot.telegram.sendDocument(701, { source: csv, filename: 'trades.csv' }, { caption: 'Trades' });
    expect(doc.document).toMatchObject({ file_name: 'trades.csv', file_size: csv.length });
    expect(fake.messages(701)[2]!.document?.bytes.toString('utf8')).toBe('symbol,qty\nINFY,10\n');
  });

  it('a caption over 1024 characters and an unknown file_id are refused', async () => {
    await expect(bot.telegram.sendPhoto(702, { source: png(1, 1) }, { caption: 'x'.repeat(1025) })).rejects.toMatchObject({
      code: 400,
      description: 'Bad Request: message caption is too long',
    });
    await expect(bot.telegram.sendPhoto(702, 'not-a-file-id')).rejects.toMatchObject({ code: 400 });
    expect(fake.messages(702)).toHaveLength(0);
  });

  it('editMessageCaption edits a photo caption', async () => {
    const sent = await bot.telegram.sendPhoto(703, { source: png(2, 2) }, { caption: 'Backtest running…' });
    const edited = await bot.telegram.editMessageCaption(703, sent.message_id, undefined, 'Backtest done');
    expect(edited).toMatchObject({ caption: 'Backtest done' });
    expect(fake.messages(703)[0]!.edits.map((e) => e.caption)).toEqual(['Backtest running…']);
  });
});
