import type { Bundle } from 'fhir/r3';
import type { RequesterIdentity } from '@gw/identity';
import { createKeyValueStore, CacheConfig, type KeyValueStore, type KeyvStore } from '@gw/cache';
import { loadConfig } from '@gw/config';
import type { GpRecordFetcher, GpRecordOutcome } from '@gw/gp-connect';
import { CcdRenderer, type CcdRenderRequest, type RenderedCcd } from '@gw/ccda';
import { DocumentEntryFactory, Iti38QueryService, Iti39RetrieveService, XcaConfig, XdsMetadataConfig, type IheConfig } from '@gw/ihe';
import { isValidNhsNumber } from '@gw/nhs-number';
import { PdsClient, type PdsReadOutcome, type PdsSearchOutcome } from '@gw/pds';
import { GpRecordConfig, GpRecordStore, type GpRecordDocumentService } from '@gw/gp-record';
import {
  PatientAccessPolicy,
  PatientConfig,
  PatientIdMapStore,
  PatientIdOwnership,
  PatientIdResolver,
  PatientMatchStore,
  PatientStatusService,
} from '@gw/patient';

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

/** A tiny CDA-shaped document and the header facts a converter reports for it. */
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
    const header = {
      documentId: { root: req.uniqueId },
      title: 'Café summary',
      effectiveTime: `${ts}+0000`,
      serviceStartTime: '19800101',
      serviceStopTime: `${ts}+0000`,
    };
    return {
      xml,
      header,
      title: 'GP summary',
      practiceName: 'COXWOLD SURGERY',
      notices: [],
      summary: { mapped: 3, narrativeOnly: 1, issues: 0 },
    };
  }
}

/** The settings the XCA services read (GP record, XCA limits, patient access), defaults overridden by `over`. */
export type XcaTestConfig = GpRecordConfig & XcaConfig & PatientConfig;

export function xcaTestConfig(over: Partial<XcaTestConfig> = {}): XcaTestConfig {
  return Object.assign(new GpRecordConfig(), new XcaConfig(), new PatientConfig(), over);
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

/** A PdsClient stand-in for XCA tests: every valid NHS number is a found, unrestricted patient. */
export class OpenPds extends PdsClient {
  reads = 0;
  async read(nhsNumber: string): Promise<PdsReadOutcome> {
    this.reads++;
    if (!isValidNhsNumber(nhsNumber)) return { kind: 'invalid', reason: 'invalid' };
    return { kind: 'found', patient: { resourceType: 'Patient', id: nhsNumber }, deceased: false };
  }
  async search(): Promise<PdsSearchOutcome> {
    return { kind: 'none' };
  }
}

/**
 * ITI-38 and ITI-39 services on real stores, with access in trust mode (XCA_TRUST_BARE_NHS_NUMBER)
 * and PDS saying every patient is disclosable: the handler tests are about XCA answers.
 */
export function xcaServices(
  docs: GpRecordDocumentService,
  kv: KeyValueStore,
  ihe: IheConfig,
  cfg: XcaTestConfig,
  pds: PdsClient = new OpenPds(),
) {
  const trusting = { ...cfg, XCA_TRUST_BARE_NHS_NUMBER: true };
  const mapStore = new PatientIdMapStore(kv, cfg);
  const resolver = new PatientIdResolver(mapStore, cfg);
  const access = new PatientAccessPolicy(resolver, new PatientIdOwnership(mapStore, cfg), new PatientMatchStore(kv, trusting), trusting);
  const status = new PatientStatusService(pds, kv, new GpRecordStore(kv), trusting);
  return {
    query: new Iti38QueryService(docs, new DocumentEntryFactory(new XdsMetadataConfig(), ihe), trusting, resolver, access, status),
    retrieve: new Iti39RetrieveService(docs, ihe, trusting, access, status, resolver),
    resolver,
  };
}
