import { loadConfig } from '@gw/config';
import { XcaConfig, XdsMetadataConfig } from '@gw/ihe';
import { GpRecordConfig } from '@gw/gp-record';

describe('XCA configuration from the environment', () => {
  it('has hours-long document TTL and a deadline below initiating gateways’ timeouts by default', () => {
    const c = loadConfig(GpRecordConfig, {});
    expect(c.XCA_DOCUMENT_TTL_SECONDS).toBe(43_200);
    expect(c.XCA_UPSTREAM_DEADLINE_MS).toBe(20_000);
    expect(loadConfig(XcaConfig, {}).XCA_RETRIEVE_MAX_DOCUMENTS).toBeGreaterThanOrEqual(10);
  });

  it('reads numbers from environment strings', () => {
    const c = loadConfig(GpRecordConfig, {
      XCA_DOCUMENT_TTL_SECONDS: '7200',
      XCA_UPSTREAM_DEADLINE_MS: '3000',
    });
    expect([c.XCA_DOCUMENT_TTL_SECONDS, c.XCA_UPSTREAM_DEADLINE_MS]).toEqual([7200, 3000]);
    expect(loadConfig(XcaConfig, { XCA_NO_CONSENT_POLICY: 'empty' }).XCA_NO_CONSENT_POLICY).toBe('empty');
  });

  it('rejects a TTL in seconds-not-hours territory and unknown policies', () => {
    expect(() => loadConfig(GpRecordConfig, { XCA_DOCUMENT_TTL_SECONDS: '5' })).toThrow(/XCA_DOCUMENT_TTL_SECONDS/);
    expect(() => loadConfig(XcaConfig, { XCA_NO_CONSENT_POLICY: 'maybe' })).toThrow(/XCA_NO_CONSENT_POLICY/);
  });

  it('codes are configurable and validated as code|scheme|display', () => {
    const c = loadConfig(XdsMetadataConfig, { XDS_PRACTICE_SETTING_CODE: '408443003|2.16.840.1.113883.6.96|General medical practice' });
    expect(c.XDS_PRACTICE_SETTING_CODE).toBe('408443003|2.16.840.1.113883.6.96|General medical practice');
    expect(() => loadConfig(XdsMetadataConfig, { XDS_CLASS_CODE: '34133-9' })).toThrow(/XDS_CLASS_CODE/);
  });
});
