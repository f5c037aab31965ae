import { parseXml, parseXmlDocument, parseXmlDocumentInSlices, XmlRejectedError } from './parse-xml';
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

describe('parseXmlDocument limits, ranges and ID counts', () => {
  const limits = { maxDepth: 50, maxElements: 100, maxAttributesPerElement: 8, maxAttributes: 40, maxTextLength: 1000 };

  it.each([
    ['elements', `<r>${'<e/>'.repeat(200)}</r>`, 'more than 100 elements'],
    ['attributes-per-element', `<r${Array.from({ length: 9 }, (_, i) => ` a${i}=""`).join('')}/>`, 'more than 8 attributes on one element'],
    ['attributes', `<r>${'<e a="1" b="2" c="3"/>'.repeat(20)}</r>`, 'more than 40 attributes in the message'],
    ['text', `<r>${'t'.repeat(1001)}</r>`, 'text longer than 1000 characters'],
    ['text', `<r a="${'v'.repeat(1001)}"/>`, 'an attribute value longer than 1000 characters'],
    ['depth', '<a>'.repeat(60) + '</a>'.repeat(60), 'element nesting deeper than 50'],
  ])('refuses a document over the %s limit, saying which', (limit, xml, message) => {
    let err: XmlRejectedError | undefined;
    try {
      parseXmlDocument(xml, { limits });
    } catch (e) {
      err = e as XmlRejectedError;
    }
    expect([err?.kind, err?.limit, err?.message]).toEqual(['limit', limit, message]);
  });

  const doc =
    '<?xml version="1.0"?>\r\n<s:E xmlns:s="urn:s" xmlns:t="urn:t">\r\n <s:H wsu:Id="x" xmlns:wsu="urn:u">😀<t:A ID="a1" v="&gt;&#x1F600;"><t:B/>' +
    '<t:A ID="inner">y</t:A></t:A><t:A ID="a1"/></s:H></s:E>';
  const track = { ns: 'urn:t', local: 'A', maxLength: 200, label: 'A element' };

  it('records the exact source text of tracked elements and counts ID values', () => {
    const r = parseXmlDocument(doc, { track, countIds: true });
    const texts = [...r.ranges.values()].map(({ start, end }) => doc.slice(start, end));
    expect(texts).toEqual([
      '<t:A ID="inner">y</t:A>',
      '<t:A ID="a1" v="&gt;&#x1F600;"><t:B/><t:A ID="inner">y</t:A></t:A>',
      '<t:A ID="a1"/>',
    ]);
    expect(Object.fromEntries(r.idCounts)).toEqual({ x: 1, a1: 2, inner: 1 });
  });

  it('gives the same tree and ranges when parsed in slices (slice boundaries inside surrogate pairs and CRLF)', async () => {
    const sync = parseXmlDocument(doc, { track, countIds: true });
    for (const size of [1, 2, 3, 7]) {
      const sliced = await parseXmlDocumentInSlices(doc, { track, countIds: true }, size);
      expect(JSON.stringify(sliced.root)).toBe(JSON.stringify(sync.root));
      expect([...sliced.ranges.values()]).toEqual([...sync.ranges.values()]);
    }
  });

  it('refuses a tracked element longer than its limit', () => {
    expect(() => parseXmlDocument(doc, { track: { ...track, maxLength: 30 } })).toThrow('a A element larger than 30 characters');
  });

  it('parses 100k sibling elements (no recursion over input)', () => {
    expect(parseXmlDocument(`<r>${'<e/>'.repeat(100_000)}</r>`).root.children).toHaveLength(100_000);
  });
});
