import { byteSize } from './byte-size.util';

describe('byteSize (BODY_LIMIT as the adapter bodyLimit)', () => {
  it('reads units of 1024, case-insensitively, as body-parser did', () => {
    expect(byteSize('1mb')).toBe(1_048_576);
    expect(byteSize('512KB')).toBe(524_288);
    expect(byteSize('100b')).toBe(100);
    expect(byteSize('2048')).toBe(2048);
    expect(byteSize(' 1mb ')).toBe(1_048_576);
  });

  it('refuses what is not a size rather than guessing a limit', () => {
    for (const bad of ['', 'mb', '1.5mb', '1gb', '-1kb', '1 mb']) expect(() => byteSize(bad)).toThrow(/not a size/);
  });
});
