import type { Bundle } from 'fhir/r3';
import type { RequesterIdentity } from '@gw/auth';
import { createKeyValueStore, CacheConfig, type KeyvStore } from '@gw/cache';
import { loadConfig } from '@gw/config';
import type { GpRecordFetcher, GpRecordOutcome } from '@gw/gp-connect';
import { CcdRenderer, GpRecordConfig, type CcdRenderRequest, type RenderedCcd } from '@gw/ihe';

export const REQUESTER: RequesterIdentity = { source: 'default', organization: 'Test Hospital' };

/** A GpRecordFetcher stand-in: answers from a script and counts calls. */
export class ScriptedFetcher {
  calls = 0;
  constructor(public next: (nhs: string) => Promise<GpRecordOutcome>) {}
  fetch(nhs: string): Promise<GpRecordOutcome> {
    this.calls++;
    return this.next(nhs);
  }
  asFetcher(): GpRecordFetcher {
    return this as unknown as GpRecordFetcher;
  }
}

export function record(nhsNumber = '9690937286'): GpRecordOutcome {
  return {
    kind: 'record',
    bundle: { resourceType: 'Bundle', type: 'collection' } as Bundle,
    warnings: [],
    practiceOdsCode: 'B82617',
    nhsNumber,
    deceased: false,
  };
}

/** A tiny CDA-shaped document with the header facts the metadata reads back. */
export class FakeRenderer extends CcdRenderer {
  calls = 0;
  fail = false;
  render(_bundle: Bundle, req: CcdRenderRequest): RenderedCcd {
    this.calls++;
    if (this.fail) throw new Error('bundle has no Patient');
    const ts = req.effectiveTime.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3"><id root="${req.uniqueId}"/>` +
      `<title>Café summary</title><effectiveTime value="${ts}+0000"/>` +
      `<documentationOf><serviceEvent classCode="PCPR"><effectiveTime><low value="19800101"/><high value="${ts}+0000"/></effectiveTime></serviceEvent></documentationOf>` +
      `</ClinicalDocument>`;
    return { xml, title: 'GP summary', practiceName: 'COXWOLD SURGERY', notices: [], summary: { mapped: 3, narrativeOnly: 1, issues: 0 } };
  }
}

export function gpRecordConfig(over: Partial<GpRecordConfig> = {}): GpRecordConfig {
  return Object.assign(new GpRecordConfig(), over);
}

/** A KeyValueStore on the test redis-server, in its own namespace. */
export function testRedisStore(): KeyvStore & { namespace: string } {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set (Jest globalSetup starts redis-server)');
  const namespace = `xca-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const cfg = loadConfig(CacheConfig, { REDIS_URL: url, CACHE_NAMESPACE: namespace });
  return Object.assign(createKeyValueStore(cfg), { namespace });
}

export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
