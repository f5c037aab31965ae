import { sqlLike } from './sql-like.util';

describe('sqlLike (XDS AuthorPerson matching)', () => {
  it.each([
    ['%Smith%', '^Smith^John', true],
    ['%Smith%', '^Jones^John', false],
    ['^Smith^John', '^Smith^John', true],
    ['^Smith^Joh', '^Smith^John', false],
    ['^Sm_th%', '^Smyth^Jane', true],
    ['_', '', false],
    ['%', '', true],
    ['', '', true],
    ['', 'a', false],
    ['%smith%', '^Smith^John', false],
    ['a%b%c', 'axxbyyc', true],
    ['a%b%c', 'axxbyy', false],
    ['%.%', 'no dot', false],
    ['(a+)+', '(a+)+', true],
    ['%[x]%', 'line\n[x]\nline', true],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(sqlLike(pattern, value)).toBe(expected);
  });

  it('answers a many-% pattern against a long value without runaway backtracking', () => {
    // As a regex (^.*a.*a…b$) this pattern takes ~n^12 steps on 2,000 characters and never returns.
    const pattern = `${'%a'.repeat(12)}%b`;
    expect(sqlLike(pattern, 'a'.repeat(2000))).toBe(false);
    expect(sqlLike(pattern, `${'a'.repeat(2000)}b`)).toBe(true);
  });
});
