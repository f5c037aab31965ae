import { addressAllowed } from './deferred-reply-policy';

describe('addressAllowed (XCPD deferred respondTo allow list)', () => {
  const list = ['https://partner.example/xcpd/deferred', 'http://127.0.0.1:8080'];

  it.each([
    ['https://partner.example/xcpd/deferred', true],
    ['HTTPS://PARTNER.EXAMPLE:443/xcpd/deferred', true],
    ['https://partner.example/xcpd/deferred/other', false],
    ['https://partner.example/xcpd/deferred?x=1', false],
    ['https://partner.example/', false],
    ['http://partner.example/xcpd/deferred', false],
    ['http://127.0.0.1:8080/any/path', true],
    ['http://127.0.0.1:8081/any/path', false],
    ['http://user:pw@127.0.0.1:8080/any', false],
    ['http://127.0.0.1:8080/any#frag', false],
    ['ftp://127.0.0.1:8080/', false],
    ['not a url', false],
  ])('%s → %s', (address, expected) => {
    expect(addressAllowed(address, list)).toBe(expected);
  });

  it('allows nothing with an empty list', () => {
    expect(addressAllowed('https://partner.example/xcpd/deferred', [])).toBe(false);
  });
});
