import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.util';

describe('NHS number modulus 11 check', () => {
  it.each(['9690937286', '9690937278', '9690938118', '9692140466', '9999999999'])('%s is valid', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });

  it.each(['9690937287', '9432003812', '123456789', '12345678901', '969093728X', ''])('%j is invalid', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it('a number whose check digit would be 10 is never valid, whatever its last digit', () => {
    // 000000006x: weighted sum 6 × 2 = 12, 12 mod 11 = 1, so the check digit would be 11 − 1 = 10.
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber('000000006' + d)).toBe(false);
  });

  it('strips spaces and dashes before checking', () => {
    expect(normaliseNhsNumber('969 093 7286')).toBe('9690937286');
    expect(normaliseNhsNumber('969-093-7286')).toBe('9690937286');
  });
});
