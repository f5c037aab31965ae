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
    // The only links are the section index's own in-page anchors.
    expect(html.replace(/ href="#s\d+"/g, '')).not.toMatch(/<script|javascript:|href=/i);
    expect(html).toContain('<span>click</span>');
    expect(html).toContain('<ol><li>one</li></ol>');
    expect(html).toContain('<title>A &lt;b&gt; title</title>');
  });

  const withPatient = (patient: string, nhs = '9690937286') =>
    `<ClinicalDocument xmlns="urn:hl7-org:v3"><title>GP summary</title><recordTarget><patientRole>` +
    `<id root="2.16.840.1.113883.2.1.4.1" extension="${nhs}"/><patient>${patient}</patient></patientRole></recordTarget>` +
    `<component><structuredBody><component><section><title>Allergies</title><text>None</text></section></component>` +
    `<component><section><title>Medications</title><text>Aspirin</text></section></component></structuredBody></component></ClinicalDocument>`;

  it('opens with a patient banner from the recordTarget and the GP practice, then a section index', () => {
    const html = renderCcdHtml(
      withPatient(
        '<name use="L"><given>Ann</given><given>Marie</given><family>Skelly</family></name><name><given>Old</given><family>Maiden</family></name>' +
          '<administrativeGenderCode code="F" displayName="Female"/><birthTime value="19540312"/>',
      ),
      { practice: { odsCode: 'B82617', name: 'COXWOLD SURGERY' }, expectedNhsNumber: '9690937286' },
    );
    expect(html).toContain('<span class="name">SKELLY, Ann Marie</span>');
    expect(html).toContain('<dt>NHS number</dt><dd>969 093 7286</dd>');
    expect(html).toContain('<dt>Born</dt><dd>12-Mar-1954</dd>');
    expect(html).toContain('<dt>Gender</dt><dd>Female</dd>');
    expect(html).toContain('<dt>GP practice</dt><dd>COXWOLD SURGERY (B82617)</dd>');
    expect(html).not.toContain('Maiden');
    expect(html).toContain('<ol><li><a href="#s1">Allergies</a></li><li><a href="#s2">Medications</a></li></ol>');
    expect(html).toContain('<section id="s2"><h2>Medications</h2><div class="narrative">Aspirin</div></section>');
    expect(html.indexOf('class="banner"')).toBeLessThan(html.indexOf('<h1>'));
  });

  it('escapes the banner and says what is not recorded', () => {
    const html = renderCcdHtml(
      withPatient('<name><family>&lt;img src=x onerror=alert(1)&gt;</family></name><birthTime nullFlavor="UNK"/>'),
      {
        practice: { odsCode: 'B82617', name: '<b>Practice</b>' },
      },
    );
    expect(html).toContain('&lt;IMG SRC=X ONERROR=ALERT(1)&gt;');
    expect(html).toContain('&lt;b&gt;Practice&lt;/b&gt; (B82617)');
    expect(html).toContain('<dt>Born</dt><dd>Not recorded</dd>');
    expect(html).not.toMatch(/<img|<b>/);
  });

  it('refuses to render a document about a different patient than the one it is stored under', () => {
    expect(() =>
      renderCcdHtml(withPatient('<name><family>Other</family></name>', '9690937278'), { expectedNhsNumber: '9690937286' }),
    ).toThrow(/different patient/);
  });

  it('refuses a DOCTYPE', () => {
    expect(() => renderCcdHtml('<!DOCTYPE x [<!ENTITY e "x">]><ClinicalDocument xmlns="urn:hl7-org:v3"/>')).toThrow();
  });
});
