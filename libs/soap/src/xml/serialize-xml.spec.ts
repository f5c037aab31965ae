import { parseXml, parseXmlDocument } from './parse-xml';
import { serializeElement } from './serialize-xml';
import { standaloneSource } from './element-source';
import { child, type XmlElement } from './xml-element';

describe('serializeElement', () => {
  it('writes a fragment with every namespace in scope declared on it', () => {
    const root = parseXml('<a xmlns="urn:a" xmlns:p="urn:p"><p:b x="1&amp;">t<c/></p:b><d>x &lt; y</d></a>');
    expect(serializeElement(child(root, 'urn:p', 'b')!)).toBe('<p:b xmlns="urn:a" xmlns:p="urn:p" x="1&amp;">t<c/></p:b>');
    expect(serializeElement(root)).toBe('<a xmlns="urn:a" xmlns:p="urn:p"><p:b x="1&amp;">t<c/></p:b><d>x &lt; y</d></a>');
  });

  it('writes a 100,000-deep tree (an explicit stack, no recursion over input)', () => {
    const depth = 100_000;
    const root: XmlElement = { ns: '', local: 'e', prefix: '', attrs: [], nsDecls: {}, children: [], text: '' };
    let leaf = root;
    for (let i = 1; i < depth; i++) {
      const next: XmlElement = { ns: '', local: 'e', prefix: '', attrs: [], nsDecls: {}, children: [], text: '' };
      leaf.children.push(next);
      leaf = next;
    }
    expect(serializeElement(root)).toBe('<e>'.repeat(depth - 1) + '<e/>' + '</e>'.repeat(depth - 1));
  });
});

describe('standaloneSource', () => {
  it('is the element exactly as sent, with the namespaces declared on its ancestors added to its start tag', () => {
    const input = '<s:E xmlns:s="urn:s" xmlns="urn:d" xmlns:x="urn:x1"><s:H xmlns:x="urn:x2"><x:A  k="v"\n><B/></x:A></s:H></s:E>';
    const doc = parseXmlDocument(input, { track: { ns: 'urn:x2', local: 'A', maxLength: 1000, label: 'A' } });
    const [[el, range]] = [...doc.ranges];
    expect(standaloneSource(input, el, range)).toBe('<x:A xmlns:x="urn:x2" xmlns:s="urn:s" xmlns="urn:d"  k="v"\n><B/></x:A>');
  });
});
