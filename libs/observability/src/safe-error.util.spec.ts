import { describeErrorSafely } from './safe-error.util';

describe('describeErrorSafely', () => {
  it('keeps the name, code and frames, never the message', () => {
    let err: Error;
    try {
      JSON.parse('{"name":"SKELLY Horace","nhs":"9690937286"');
      throw new Error('unreachable');
    } catch (e) {
      err = e as Error;
    }
    const line = describeErrorSafely(Object.assign(err, { code: 'E_PARSE' }));
    expect(line.startsWith('SyntaxError (E_PARSE)')).toBe(true);
    expect(line).toContain('    at ');
    expect(line).not.toMatch(/SKELLY|9690937286/);
  });

  it('describes non-errors by type only', () => {
    expect(describeErrorSafely('9690937286')).toBe('string');
  });
});
