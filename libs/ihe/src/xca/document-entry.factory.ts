import { Injectable } from '@nestjs/common';
import { parseCodedValue, type DocumentEntryMetadata, XdsMetadataConfig } from '../xds';
import type { GpRecordDocument } from '@gw/gp-record';
import { IheConfig } from '../ihe.config';
import { toCx, toXon, NHS_NUMBER_OID, ODS_ORG_OID } from '@gw/hl7-datatypes';

/**
 * Builds the published DocumentEntry from a stored document. Coded values come from configuration
 * at the time of the query, so a code change applies without regenerating documents.
 */
@Injectable()
export class DocumentEntryFactory {
  constructor(
    readonly codes: XdsMetadataConfig,
    readonly ihe: IheConfig,
  ) {}

  /** The Stable entry: the generated instance with its hash and size. */
  stable(m: GpRecordDocument): DocumentEntryMetadata {
    return this.entry(m, 'stable');
  }

  /** The On-Demand entry: no creationTime, hash or size; its retrieve returns the current instance. */
  onDemand(m: GpRecordDocument): DocumentEntryMetadata {
    return this.entry(m, 'on-demand');
  }

  private entry(m: GpRecordDocument, kind: 'stable' | 'on-demand'): DocumentEntryMetadata {
    const c = this.codes;
    const patient = toCx(m.nhsNumber, NHS_NUMBER_OID);
    const stable = kind === 'stable';
    return {
      entryUuid: stable ? m.entryUuid : m.onDemand.entryUuid,
      uniqueId: stable ? m.uniqueId : m.onDemand.uniqueId,
      kind,
      homeCommunityId: this.ihe.HOME_COMMUNITY_ID,
      repositoryUniqueId: this.ihe.REPOSITORY_UNIQUE_ID,
      mimeType: m.mimeType,
      patientId: patient,
      sourcePatientId: patient,
      languageCode: c.XDS_LANGUAGE_CODE,
      title: m.title || c.XDS_DOCUMENT_TITLE,
      creationTime: stable ? m.creationTime : undefined,
      hash: stable ? m.hash : undefined,
      size: stable ? m.size : undefined,
      serviceStartTime: m.serviceStartTime,
      serviceStopTime: stable ? m.serviceStopTime : undefined,
      author: { institutions: [toXon(m.practice.name ?? m.practice.odsCode, ODS_ORG_OID, m.practice.odsCode)] },
      classCode: parseCodedValue(c.XDS_CLASS_CODE),
      typeCode: parseCodedValue(c.XDS_TYPE_CODE),
      formatCode: parseCodedValue(c.XDS_FORMAT_CODE),
      confidentialityCodes: [parseCodedValue(c.XDS_CONFIDENTIALITY_CODE)],
      healthcareFacilityTypeCode: parseCodedValue(c.XDS_HEALTHCARE_FACILITY_TYPE_CODE),
      practiceSettingCode: parseCodedValue(c.XDS_PRACTICE_SETTING_CODE),
    };
  }
}
