import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.util';

/** Examples from nhs-apis.md §1.1 (NHS number modulus 11 check). */
describe('NHS number check digit', () => {
  it.each([
    '9000000009',
    '9000000017',
    '9000000025',
    '9000000033',
    '9111231130',
    '9476718943',
    '9999999999',
    '9690937286',
    '9690937278',
    '9690938118',
    '9692140466',
    '969 093 7286',
    '969-093-7286',
  ])('accepts %s', (n) => expect(isValidNhsNumber(n)).toBe(true));
  it.each(['9000000000', '9600000009', '9600000005', '9690937287', '9432003812', '123456789', '12345678901', '96900372X6', ''])(
    'rejects %s',
    (n) => expect(isValidNhsNumber(n)).toBe(false),
  );
  it('rejects a number whose check would be 10', () => {
    // 1,0,0,0,0,0,0,0,1 → sum 12, 11 − (12 mod 11) = 10: no valid number exists with this prefix.
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`100000001${d}`)).toBe(false);
    // 000000006x: weighted sum 6 × 2 = 12, 12 mod 11 = 1, so the check digit would be 11 − 1 = 10.
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`000000006${d}`)).toBe(false);
  });
  it('normalises spaces and hyphens', () => expect(normaliseNhsNumber(' 969-093 7286 ')).toBe('9690937286'));
});
