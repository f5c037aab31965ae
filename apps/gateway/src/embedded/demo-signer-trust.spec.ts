import { Logger } from '@nestjs/common';
import { resetConfigCache } from '@gw/config';
import { trustDemoSignerForSandboxService } from './demo-signer-trust';

const VARS = [
  'PDS_BASE_URL',
  'SDS_BASE_URL',
  'NHS_TOKEN_URL',
  'GP_CONNECT_SSP_URL',
  'XUA_TRUSTED_CERTS',
  'XUA_DEMO_SIGNER_SANDBOX_SERVICE',
  'XUA_DEMO_SIGNER_DIR',
];
const SANDBOX = {
  PDS_BASE_URL: 'http://nhs-sandbox:3001/personal-demographics/FHIR/R4',
  SDS_BASE_URL: 'http://nhs-sandbox:3001/spine-directory/FHIR/R4',
  NHS_TOKEN_URL: 'http://nhs-sandbox:3001/oauth2/token',
};
const logger = new Logger('test');

describe('demo signer with the NHS sandbox as its own service', () => {
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
    for (const v of VARS) delete process.env[v];
    process.env.XUA_DEMO_SIGNER_DIR = ':memory:';
    process.env.XUA_TRUSTED_CERTS = '/etc/partner-ca.pem';
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfigCache();
  });

  it('is not trusted unless XUA_DEMO_SIGNER_SANDBOX_SERVICE=true', () => {
    Object.assign(process.env, SANDBOX);
    expect(trustDemoSignerForSandboxService(logger)).toEqual({});
    expect(process.env.XUA_TRUSTED_CERTS).toBe('/etc/partner-ca.pem');
  });

  it('is trusted besides the configured certificates when every NHS URL is the sandbox service', () => {
    Object.assign(process.env, SANDBOX, { XUA_DEMO_SIGNER_SANDBOX_SERVICE: 'true' });
    const entries = trustDemoSignerForSandboxService(logger).XUA_TRUSTED_CERTS!.split(',');
    expect(entries[0]).toBe('/etc/partner-ca.pem');
    expect(entries[1]).toContain('-----BEGIN CERTIFICATE-----');
    // Handed to the gateway app as a setting: the environment is left as it was.
    expect(process.env.XUA_TRUSTED_CERTS).toBe('/etc/partner-ca.pem');
  });

  it.each([
    ['an NHS England PDS', { PDS_BASE_URL: 'https://api.service.nhs.uk/personal-demographics/FHIR/R4' }],
    ['an NHS England token endpoint', { NHS_TOKEN_URL: 'https://int.api.service.nhs.uk/oauth2/token' }],
    ['an unset SDS (defaults to NHS England)', { SDS_BASE_URL: undefined }],
    ['a Spine secure proxy', { GP_CONNECT_SSP_URL: 'https://proxy.spine2.ncrs.nhs.uk' }],
  ])('refuses to start with %s', (_name, override) => {
    Object.assign(process.env, SANDBOX, { XUA_DEMO_SIGNER_SANDBOX_SERVICE: 'true' });
    for (const [k, v] of Object.entries(override)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    expect(() => trustDemoSignerForSandboxService(logger)).toThrow(/NHS England host/);
    expect(process.env.XUA_TRUSTED_CERTS).toBe('/etc/partner-ca.pem');
  });
});
