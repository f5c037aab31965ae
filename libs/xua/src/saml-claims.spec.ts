import { DOMParser } from '@xmldom/xmldom';
import { readSamlClaims, type DomElement } from './saml-claims';

describe('readSamlClaims', () => {
  it('reads XUA attributes, ignoring xsi:type, with Epic PurposeForUse and a missing role', () => {
    const xml =
      '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_1">' +
      '<saml:Issuer>sts</saml:Issuer><saml:AttributeStatement>' +
      '<saml:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:subject-id"><saml:AttributeValue xsi:type="xs:string"> SMITH, John </saml:AttributeValue></saml:Attribute>' +
      '<saml:Attribute Name="urn:oasis:names:tc:xspa:1.0:subject:purposeofuse"><saml:AttributeValue xsi:type="hl7:CE"><PurposeForUse xmlns="urn:hl7-org:v3" xsi:type="CE" code="TREATMENT" codeSystem="2.16.840.1.113883.3.18.7.1"/></saml:AttributeValue></saml:Attribute>' +
      '<saml:Attribute Name="urn:oasis:names:tc:xacml:2.0:resource:resource-id"><saml:AttributeValue>9690937278^^^&amp;2.16.840.1.113883.2.1.4.1&amp;ISO</saml:AttributeValue></saml:Attribute>' +
      '</saml:AttributeStatement></saml:Assertion>';
    const el = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as DomElement;
    expect(readSamlClaims(el)).toEqual({
      identity: {
        source: 'saml',
        subjectId: 'SMITH, John',
        purposeOfUse: { code: 'TREATMENT', codeSystem: '2.16.840.1.113883.3.18.7.1', displayName: undefined },
        resourceId: '9690937278^^^&2.16.840.1.113883.2.1.4.1&ISO',
      },
      resourceId: '9690937278^^^&2.16.840.1.113883.2.1.4.1&ISO',
      issuer: 'sts',
      // The element the purpose came in: partner profiles may refuse Epic's name.
      purposeOfUseElement: 'PurposeForUse',
    });
  });
});
