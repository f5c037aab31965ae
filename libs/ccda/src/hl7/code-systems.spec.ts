import { codeSystemOf } from './code-systems';

describe('codeSystemOf', () => {
  it('maps a known FHIR system to its HL7 OID', () => {
    expect(codeSystemOf('http://snomed.info/sct')).toEqual({ oid: '2.16.840.1.113883.6.96', name: 'SNOMED CT' });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('gives no OID for the system %j (not an Object member)', (system) => {
    expect(codeSystemOf(system)).toBeUndefined();
  });

  it('accepts a urn:oid system only when the OID is well formed', () => {
    expect(codeSystemOf('urn:oid:2.16.840.1.113883.6.1')).toEqual({ oid: '2.16.840.1.113883.6.1' });
    expect(codeSystemOf('urn:oid:not-an-oid')).toBeUndefined();
  });
});
