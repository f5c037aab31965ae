import { AuthConfig } from '../auth.config';
import { GpConnectJwtService } from './gp-connect-jwt.service';
import { buildGpConnectJwt } from './gp-connect-jwt.util';

/** The consumer JWT's requesting organisation and practitioner come from the caller, with configured defaults. */
describe('GpConnectJwtService', () => {
  const cfg = Object.assign(new AuthConfig(), {
    GP_CONNECT_DEFAULT_ORG_ODS: 'X99',
    GP_CONNECT_DEFAULT_ORG_NAME: 'Default Org',
    GP_CONNECT_CONSUMER_URL: 'https://gw.example',
  });
  const svc = new GpConnectJwtService(cfg);
  const decode = (t: string) => t.split('.').map((p) => (p ? JSON.parse(Buffer.from(p, 'base64url').toString()) : p));

  it('uses the caller ODS code and organisation name, and the caller as practitioner (sub = id)', () => {
    const { claims } = svc.build('https://p/root', {
      source: 'saml',
      organizationId: 'rr8',
      organization: 'St Elsewhere',
      subjectId: 'Jones, Anna',
    });
    expect(claims.requesting_organization).toMatchObject({ identifier: [{ value: 'RR8' }], name: 'St Elsewhere' });
    expect(claims.sub).toBe('Jones, Anna');
    expect(claims.requesting_practitioner).toMatchObject({ id: 'Jones, Anna', name: [{ family: 'Jones, Anna', given: [] }] });
  });

  it('falls back to the default ODS code when the caller organisation id is an OID', () => {
    const { claims } = svc.build('https://p/root', {
      source: 'saml',
      organizationId: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696570',
      organization: 'Epic Hospital',
    });
    expect(claims.requesting_organization).toMatchObject({
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'X99' }],
      name: 'Epic Hospital',
    });
  });

  it('uses the configured practitioner and organisation when the caller sent none', () => {
    const { claims } = svc.build('https://p/root', { source: 'default' });
    expect(claims.requesting_organization).toMatchObject({ identifier: [{ value: 'X99' }], name: 'Default Org' });
    expect(claims.requesting_practitioner).toMatchObject({
      id: cfg.GP_CONNECT_DEFAULT_PRACTITIONER_ID,
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: 'UNK' },
        { system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: 'UNK' },
        { system: 'https://gw.example', value: cfg.GP_CONNECT_DEFAULT_PRACTITIONER_ID },
      ],
    });
  });

  it('is unsigned: header {"alg":"none","typ":"JWT"}, unpadded base64url, trailing dot, exp = iat + 300', () => {
    const token = buildGpConnectJwt({ ...svc.input('https://p/root', { source: 'default' }), nowSeconds: 1_700_000_000 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.$/);
    const [hdr, claims, sig] = decode(token);
    expect(hdr).toEqual({ alg: 'none', typ: 'JWT' });
    expect(sig).toBe('');
    expect(claims).toMatchObject({
      iss: 'https://gw.example',
      aud: 'https://p/root',
      iat: 1_700_000_000,
      exp: 1_700_000_300,
      reason_for_request: 'directcare',
      requested_scope: 'patient/*.read',
    });
    for (const c of ['requesting_device', 'requesting_organization', 'requesting_practitioner']) expect(claims[c]).toBeTruthy();
  });
});
