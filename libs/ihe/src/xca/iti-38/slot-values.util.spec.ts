import { parseCx } from '@gw/hl7-datatypes';
import { parseSlotValue } from './slot-values.util';

describe('parseSlotValue', () => {
  it.each([
    ["'a'", ['a']],
    ["('a','b')", ['a', 'b']],
    ["('a', 'b' , 'c')", ['a', 'b', 'c']],
    ['a', ['a']],
    ['(a, b)', ['a', 'b']],
    ["'O''Neil'", ["O'Neil"]],
    ["('urn:oasis:names:tc:ebxml-regrep:StatusType:Approved')", ['urn:oasis:names:tc:ebxml-regrep:StatusType:Approved']],
    ["'34133-9^^2.16.840.1.113883.6.1'", ['34133-9^^2.16.840.1.113883.6.1']],
    ['', []],
  ])('%s', (raw, expected) => {
    expect(parseSlotValue(raw)).toEqual(expected);
  });

  it('keeps trailing text of a malformed value instead of dropping it', () => {
    // From the IPF sample: an injection attempt after the CX must not leave a clean, matching id.
    const [v] = parseSlotValue("'593603^^^&2.16.756.5.33.2.5.1.5.1&ISO''%20and%20611%3d611--%20");
    expect(v).toBe("593603^^^&2.16.756.5.33.2.5.1.5.1&ISO'%20and%20611%3d611--%20");
    expect(parseCx(v)?.authorityType).not.toBe('ISO');
  });
});

describe('parseCx', () => {
  it('reads id and assigning authority', () => {
    expect(parseCx('9690937286^^^&2.16.840.1.113883.2.1.4.1&ISO')).toEqual({
      id: '9690937286',
      authority: '2.16.840.1.113883.2.1.4.1',
      authorityType: 'ISO',
    });
  });
  it('accepts urn:oid: and a missing ISO type', () => {
    expect(parseCx('ABC123^^^&urn:oid:1.2.840.114350.1.13.525.3.7.3.688884.100')).toMatchObject({
      id: 'ABC123',
      authority: '1.2.840.114350.1.13.525.3.7.3.688884.100',
      authorityType: 'ISO',
    });
  });
  it('accepts a double-escaped ampersand', () => {
    expect(parseCx('9690937286^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO')).toEqual({
      id: '9690937286',
      authority: '2.16.840.1.113883.2.1.4.1',
      authorityType: 'ISO',
    });
  });
  it('never guesses an authority', () => {
    expect(parseCx('9690937286')).toBeUndefined();
    expect(parseCx('^^^&1.2.3&ISO')).toBeUndefined();
  });
});
