import { CcdOptions, InstanceIdentifier } from './ccd-options';
import { ConversionReport, ItemOutcome, ReportItem } from './conversion-report';
import { BundleIndex } from './fhir/bundle-index';
import { SUPPORT_TYPES } from './fhir/support-types';
import { arr, FhirResource, isObj, str } from './fhir/fhir-access.util';
import { isUuid } from './hl7/code-systems';
import { escapeAttr } from '@gw/xml-escape';
import { fhirToTs, tsSortKey } from './hl7/timestamp.util';

const CROSS_CARE_ID = 'cross-care-setting-identifier';

/**
 * State shared by the section builders during one conversion: the bundle index, the report, the
 * narrative ID allocator and the entry id rule. Deterministic: ids derive from source ids only.
 */
export class ConversionContext {
  /** Everything but the header, which writeHeader returns once the document is written. */
  readonly report: Omit<ConversionReport, 'header'> = {
    sections: [],
    items: [],
    mapped: 0,
    narrativeOnly: 0,
    unresolvedReferences: [],
    issues: [],
  };
  private readonly counters = new Map<string, number>();
  private readonly uuidUse = new Map<string, number>();
  private readonly uuids = new Map<FhirResource, string>();
  // Plain Maps: they live only as long as this conversion, and WeakMaps cost more to collect.
  private readonly keys = new Map<FhirResource, string>();
  private readonly recorded = new Map<string, ReportItem>();
  private earliest: string | undefined;

  constructor(
    readonly index: BundleIndex,
    readonly options: CcdOptions,
    readonly localRoot: string,
  ) {
    const used = new Map<string, number>();
    index.resources.forEach((r, i) => {
      let key = r.resourceType + '/' + (r.id ?? '#' + i);
      // Ids must be unique in a Bundle; when a sender repeats one, every copy is still kept and counted.
      const seen = used.get(key) ?? 0;
      used.set(key, seen + 1);
      if (seen > 0) {
        this.report.issues.push(
          'duplicate resource id ' + key + ' in the bundle (copy ' + (seen + 1) + ' kept as ' + key + '~' + (seen + 1) + ')',
        );
        key = key + '~' + (seen + 1);
      }
      this.keys.set(r, key);
      for (const c of index.containedIn(r)) {
        this.keys.set(c, r.resourceType + '/' + (r.id ?? '#' + i) + '#' + (c.id ?? '?'));
      }
    });
    // A cross-care-setting UUID shared by several resources cannot identify any one of them.
    const count = (r: FhirResource) => {
      if (SUPPORT_TYPES.has(r.resourceType)) return;
      const u = crossCareUuid(r);
      if (!u) return;
      this.uuids.set(r, u.toUpperCase());
      this.uuidUse.set(u, (this.uuidUse.get(u) ?? 0) + 1);
    };
    for (const r of index.resources) {
      count(r);
      for (const c of index.containedIn(r)) count(c);
    }
  }

  /** Next narrative `ID` with the given prefix (`alg-1`, `alg-2`…): valid xs:ID, unique in the document. */
  nid(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return prefix + '-' + n;
  }

  key(res: FhirResource): string {
    return this.keys.get(res) ?? res.resourceType + '/' + (res.id ?? '?');
  }

  /**
   * Entry `id`: the cross-care-setting UUID when it is unique in the bundle, else
   * `root=<local OID> extension=<Type>/<id>`. The same source item always gets the same id.
   */
  itemId(res: FhirResource, suffix?: string): InstanceIdentifier {
    const u = suffix ? undefined : this.uniqueUuid(res);
    if (u) return { root: u };
    return { root: this.localRoot, extension: this.key(res) + (suffix ? '/' + suffix : '') };
  }

  /** The `<id>` element for `itemId` (built directly: this runs for every entry). */
  /** The resource's cross-care-setting UUID (upper case) when no other resource shares it. */
  private uniqueUuid(res: FhirResource): string | undefined {
    const u = this.uuids.get(res);
    return u !== undefined && this.uuidUse.get(u.toLowerCase()) === 1 ? u : undefined;
  }

  itemIdXml(res: FhirResource, suffix?: string): string {
    const u = suffix ? undefined : this.uniqueUuid(res);
    if (u) return '<id root="' + u + '"/>';
    const ext = suffix ? this.key(res) + '/' + suffix : this.key(res);
    return '<id root="' + this.localRoot + '" extension="' + escapeAttr(ext) + '"/>';
  }

  /** Records what happened to a clinical item (once per item; a later entry outcome wins over narrative). */
  record(res: FhirResource, section: string, outcome: ItemOutcome, reason?: string): void {
    const ref = this.key(res);
    const prev = this.recorded.get(ref);
    if (prev) {
      if (outcome === 'entry') {
        if (prev.outcome === 'narrative') {
          prev.outcome = 'entry';
          prev.section = section;
          delete prev.reason;
          this.report.narrativeOnly--;
          this.report.mapped++;
        }
      }
      return;
    }
    const item: ReportItem = reason ? { ref, section, outcome, reason } : { ref, section, outcome };
    this.recorded.set(ref, item);
    this.report.items.push(item);
    if (outcome === 'entry') this.report.mapped++;
    else this.report.narrativeOnly++;
  }

  isRecorded(res: FhirResource): boolean {
    return this.recorded.has(this.key(res));
  }

  /** Tracks the earliest clinical date for `serviceEvent/effectiveTime/low`. */
  seeDate(fhirDate: string | undefined): void {
    const ts = fhirToTs(fhirDate);
    if (!ts) return;
    const k = tsSortKey(ts);
    if (!this.earliest || k < tsSortKey(this.earliest)) this.earliest = ts;
  }

  get earliestDate(): string | undefined {
    return this.earliest;
  }

  issue(msg: string): void {
    this.report.issues.push(msg);
  }
}

export function crossCareUuid(res: FhirResource): string | undefined {
  for (const id of arr(res.identifier)) {
    if (!isObj(id) || typeof id.system !== 'string' || !id.system.endsWith(CROSS_CARE_ID)) continue;
    let v = str(id.value);
    if (!v) continue;
    if (v.startsWith('urn:uuid:')) v = v.slice(9);
    if (isUuid(v)) return v.toLowerCase();
  }
  return undefined;
}
