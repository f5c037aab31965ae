import { parseXml, XmlRejectedError } from './parse-xml';
import { attr, descendants } from './xml-element';

describe('parseXml', () => {
  it('resolves namespaces regardless of prefix and decodes character references', () => {
    const sut = parseXml(
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="urn:a"><s:Body><a:X a:id="1" b="2">hi &amp; &#233;</a:X><Y xmlns="urn:y"/></s:Body></s:Envelope>',
    );
    const x = descendants(sut, 'urn:a', 'X')[0];
    expect(x.text).toBe('hi & é');
    expect(attr(x, 'id', 'urn:a')).toBe('1');
    expect(attr(x, 'b')).toBe('2');
    expect(descendants(sut, 'urn:y', 'Y')).toHaveLength(1);
    expect(x.parent?.local).toBe('Body');
  });

  it.each([
    ['doctype', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
    ['doctype', '<?xml version="1.0"?>\n<!doctype x SYSTEM "file:///etc/passwd"><x/>'],
    ['malformed', '<x>&foo;</x>'],
    ['malformed', '<x><y></x>'],
    ['malformed', '<p:x/>'],
    ['malformed', ''],
  ])('rejects %s input %#', (kind, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlRejectedError);
    try {
      parseXml(xml);
    } catch (e) {
      expect((e as XmlRejectedError).kind).toBe(kind);
    }
  });

  it('bounds nesting depth', () => {
    const deep = '<a>'.repeat(200) + '</a>'.repeat(200);
    expect(() => parseXml(deep, { maxDepth: 100, maxElements: 1000 })).toThrow(/deeper than 100/);
  });
});
