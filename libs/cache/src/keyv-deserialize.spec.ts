import { Keyv } from 'keyv';
import { useFastDeserialize } from './keyv-deserialize';

/** Keyv's own serializer and deserializer, and a Keyv with the fast path. */
const plain = new Keyv();
const fast = new Keyv();
useFastDeserialize(fast);
const write = (v: unknown) => plain.serialize!({ value: v, expires: 123 }) as string;
const readDefault = (t: string) => plain.deserialize!(t);
const readFast = (t: string) => fast.deserialize!(t);

describe('useFastDeserialize', () => {
  // Every place a colon-leading string can sit, Buffers, keys ending in a colon, escaped quotes.
  const crafted: unknown[] = [
    'plain',
    ':leading colon',
    '::two',
    ':base64:not really',
    Buffer.from([0, 1, 2, 255]),
    { a: ':x', b: [':y', 'z', { c: ':' }], ':key': 'v', 'k:': ':' },
    [':first', ':base64:AAEC'],
    { quote: 'say "hi": ok', nested: { text: '\\":' } },
    { buf: Buffer.from('patient'), n: 1, t: true, nothing: null },
    'ends with colon:',
    { 'a:': 1, ' ': ':' },
    { big: 'x'.repeat(70_000), tail: ':after a long value' },
    ['a', ':after a comma'],
    [':only the first'],
    [1, Buffer.from('after a comma')],
    { uid: 'urn:uuid:6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11', at: '2026-12-04T10:00:00.000Z' },
  ];

  it.each(crafted.map((v, i) => [i, v]))('reads value %i exactly as Keyv does', (_i, v) => {
    const text = write(v);
    expect(readFast(text)).toEqual(readDefault(text));
  });

  it('reads a bare value (no Keyv wrapper) the same as Keyv too', () => {
    for (const text of ['"::x"', '":base64:AAEC"', '"x"', '[":a"]', '[ "::a"]', '{"k": "::v"}'])
      expect(readFast(text)).toEqual(readDefault(text));
  });

  it('reads the same as Keyv over random values built from the characters that matter', () => {
    const chars = [':', '"', ',', '[', ']', '{', '\\', ' ', 'a', 'b', '\n', 'é'];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const str = () => Array.from({ length: rand(6) }, () => chars[rand(chars.length)]).join('');
    const value = (depth: number): unknown => {
      const k = rand(depth > 2 ? 2 : 5);
      if (k === 0) return str();
      if (k === 1) return rand(2) ? Buffer.from(str()) : rand(100);
      if (k === 2) return Array.from({ length: rand(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, () => [str(), value(depth + 1)]));
    };
    for (let i = 0; i < 5_000; i++) {
      const text = write(value(0));
      expect(readFast(text)).toEqual(readDefault(text));
    }
  });

  it('takes the plain parse for the common record (no colon-leading string, no Buffer)', () => {
    const text = write({ nhs: '9690937286', status: 'ok', ids: ['urn:uuid:1', '2.25.3'] });
    const parse = jest.spyOn(JSON, 'parse');
    readFast(text);
    expect(parse).toHaveBeenCalledWith(text);
    parse.mockRestore();
  });
});
