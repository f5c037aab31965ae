import { Injectable } from '@nestjs/common';
import type { RequesterIdentity } from '@gw/identity';
import { isValidNhsNumber, normaliseNhsNumber } from '@gw/nhs-number';
import { NHS_NUMBER_OID, stripUrnOid } from '@gw/hl7-datatypes';
import { PatientConfig } from '../patient.config';
import { parseCx } from '@gw/hl7-datatypes';
import { PatientIdMapStore } from './patient-id-map.store';

export type ResolvedPatientId =
  | { kind: 'nhs-number'; nhsNumber: string; via: 'nhs-number' | 'mapping' }
  /** An NHS number root with a value that fails the NHS number check. */
  | { kind: 'invalid-nhs-number' }
  /** An id longer than PATIENT_ID_MAX_EXTENSION_LENGTH: never looked up, never stored. */
  | { kind: 'too-long'; maxLength: number }
  /** A CEID authority, but no mapping is known (yet). */
  | { kind: 'unmapped' }
  /** An assigning authority the gateway does not know. */
  | { kind: 'unknown-authority' };

/**
 * Turns a patient identifier (root + extension, or an HL7 v2 CX) into an NHS number: directly for
 * the NHS number OID, through the CEID mapping store for configured CEID authorities.
 */
@Injectable()
export class PatientIdResolver {
  constructor(
    private readonly map: PatientIdMapStore,
    private readonly cfg: PatientConfig,
  ) {}

  async resolve(root: string, extension: string): Promise<ResolvedPatientId> {
    const oid = stripUrnOid(root.trim());
    const ext = extension.trim();
    if (ext.length > this.cfg.PATIENT_ID_MAX_EXTENSION_LENGTH)
      return { kind: 'too-long', maxLength: this.cfg.PATIENT_ID_MAX_EXTENSION_LENGTH };
    if (oid === NHS_NUMBER_OID) {
      return isValidNhsNumber(ext)
        ? { kind: 'nhs-number', nhsNumber: normaliseNhsNumber(ext), via: 'nhs-number' }
        : { kind: 'invalid-nhs-number' };
    }
    if (!this.map.isMappedAuthority(oid)) return { kind: 'unknown-authority' };
    const mapping = await this.map.get(oid, ext);
    return mapping ? { kind: 'nhs-number', nhsNumber: mapping.nhsNumber, via: 'mapping' } : { kind: 'unmapped' };
  }

  /** Same for a CX value such as `9690937278^^^&2.16.840.1.113883.2.1.4.1&ISO` (urn:oid: and &amp; tolerated). */
  async resolveCx(cx: string): Promise<ResolvedPatientId> {
    const parsed = parseCx(cx.replace(/&amp;/g, '&'));
    if (!parsed) return { kind: 'unknown-authority' };
    return this.resolve(parsed.authority, parsed.id);
  }

  /**
   * The NHS number of the XUA resource-id patient, when the assertion names one that resolves: the
   * one patient whose records the request may disclose (ITI-38 and ITI-39 both check it).
   */
  async assertedPatient(requester: RequesterIdentity): Promise<string | undefined> {
    if (!requester.resourceId) return undefined;
    const r = await this.resolveCx(requester.resourceId);
    return r.kind === 'nhs-number' ? r.nhsNumber : undefined;
  }
}
