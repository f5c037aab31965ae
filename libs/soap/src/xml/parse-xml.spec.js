"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const parse_xml_1 = require("./parse-xml");
const xml_element_1 = require("./xml-element");
describe('parseXml', () => {
    it('resolves namespaces regardless of prefix and decodes character references', () => {
        const sut = (0, parse_xml_1.parseXml)('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="urn:a"><s:Body><a:X a:id="1" b="2">hi &amp; &#233;</a:X><Y xmlns="urn:y"/></s:Body></s:Envelope>');
        const x = (0, xml_element_1.descendants)(sut, 'urn:a', 'X')[0];
        expect(x.text).toBe('hi & é');
        expect((0, xml_element_1.attr)(x, 'id', 'urn:a')).toBe('1');
        expect((0, xml_element_1.attr)(x, 'b')).toBe('2');
        expect((0, xml_element_1.descendants)(sut, 'urn:y', 'Y')).toHaveLength(1);
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
        expect(() => (0, parse_xml_1.parseXml)(xml)).toThrow(parse_xml_1.XmlRejectedError);
        try {
            (0, parse_xml_1.parseXml)(xml);
        }
        catch (e) {
            expect(e.kind).toBe(kind);
        }
    });
    it('bounds nesting depth', () => {
        const deep = '<a>'.repeat(200) + '</a>'.repeat(200);
        expect(() => (0, parse_xml_1.parseXml)(deep, { maxDepth: 100, maxElements: 1000 })).toThrow(/deeper than 100/);
    });
});
//# sourceMappingURL=parse-xml.spec.js.map