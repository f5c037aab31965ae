import { renderCcdHtml } from './ccd-html.util';

const doc = (body: string, title = 'GP summary') =>
  `<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>${title}</title><effectiveTime value="20261201103000+0000"/>` +
  `<component><structuredBody><component><section><title>Allergies</title><text>${body}</text></section></component></structuredBody></component></ClinicalDocument>`;

describe('renderCcdHtml', () => {
  it('renders section titles and narrative tables, keeping mixed content in order', () => {
    const html = renderCcdHtml(
      doc(
        '<paragraph>Before <content styleCode="Bold">bold</content> after</paragraph><table><thead><tr><th>Drug</th></tr></thead><tbody><tr><td colspan="2">Penicillin</td></tr></tbody></table>',
      ),
    );
    expect(html).toContain('<h1>GP summary</h1>');
    expect(html).toContain('<p class="meta">Generated 2026-12-01 10:30+0000</p>');
    expect(html).toContain('<h2>Allergies</h2>');
    expect(html).toContain('<p>Before <span>bold</span> after</p>');
    expect(html).toContain('<td colspan="2">Penicillin</td>');
    expect(html).not.toContain('styleCode');
  });

  it('escapes text and never lets markup or links through', () => {
    const html = renderCcdHtml(
      doc(
        '<paragraph>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</paragraph><linkHtml href="javascript:alert(1)">click</linkHtml><list listType="ordered"><item>one</item></list>',
        'A &lt;b&gt; title',
      ),
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).not.toMatch(/<script|javascript:|href=/i);
    expect(html).toContain('<span>click</span>');
    expect(html).toContain('<ol><li>one</li></ol>');
    expect(html).toContain('<title>A &lt;b&gt; title</title>');
  });

  it('refuses a DOCTYPE', () => {
    expect(() => renderCcdHtml('<!DOCTYPE x [<!ENTITY e "x">]><ClinicalDocument xmlns="urn:hl7-org:v3"/>')).toThrow();
  });
});
