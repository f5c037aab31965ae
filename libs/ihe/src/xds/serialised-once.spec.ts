import { serialisedOnce } from './serialised-once';

describe('serialisedOnce', () => {
  it('serialises a frozen object once and an unfrozen one on every call', () => {
    let calls = 0;
    const build = serialisedOnce((o: { v: string }) => `<v>${o.v}</v>${++calls}`);
    const frozen = Object.freeze({ v: 'a' });
    expect(build(frozen)).toBe('<v>a</v>1');
    expect(build(frozen)).toBe('<v>a</v>1');
    const open = { v: 'b' };
    expect(build(open)).toBe('<v>b</v>2');
    open.v = 'c';
    expect(build(open)).toBe('<v>c</v>3');
  });
});
