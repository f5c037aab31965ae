import { hl7TsToDtm, toCx, toDtm, toXon, uuidToOid } from './index';

describe('HL7 datatypes', () => {
  it('UUID → 2.25 OID as in ITU-T X.667 (its own example)', () => {
    expect(uuidToOid('urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toBe('2.25.329800735698586629295641978511506172918');
    expect(() => uuidToOid('not-a-uuid')).toThrow();
  });

  it('DTM is UTC without separators', () => {
    expect(toDtm(new Date('2026-12-01T10:30:05.123Z'))).toBe('20261201103005');
  });

  it('HL7 TS with an offset becomes UTC; dates keep their precision', () => {
    expect(hl7TsToDtm('20261201103000+0100')).toBe('20261201093000');
    expect(hl7TsToDtm('202612011030-0500')).toBe('202612011530');
    expect(hl7TsToDtm('20261231233000-0100')).toBe('20270101003000');
    expect(hl7TsToDtm('19800101')).toBe('19800101');
    expect(hl7TsToDtm('1980')).toBe('1980');
    expect(hl7TsToDtm('2026-12-01')).toBeUndefined();
  });

  it('CX and XON', () => {
    expect(toCx('9690937286', '2.16.840.1.113883.2.1.4.1')).toBe('9690937286^^^&2.16.840.1.113883.2.1.4.1&ISO');
    expect(toXon('COXWOLD SURGERY', '2.16.840.1.113883.2.1.4.3', 'B82617')).toBe(
      'COXWOLD SURGERY^^^^^&2.16.840.1.113883.2.1.4.3&ISO^^^^B82617',
    );
    // HL7 v2 delimiters inside a name would shift components
    expect(toXon('A^B&C', '1.2', 'X')).toBe('A B C^^^^^&1.2&ISO^^^^X');
  });
});
