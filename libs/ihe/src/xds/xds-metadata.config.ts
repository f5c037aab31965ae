import { IsNotEmpty, IsString, Matches } from 'class-validator';
import { EnvConfig } from '@gw/config';

/** `code|codingScheme|display name`: the code system is an OID (or a URN for formatCode's scheme). */
const CODED = /^[^|]+\|[^|]+\|[^|]+$/;
const CODED_MSG = { message: '$property must be "code|codingScheme|display name"' };

/**
 * Coded DocumentEntry metadata of the GP record document (ITI TF-3 4.2.3.2). Defaults describe a
 * C-CDA R2.1 CCD from general practice; confirm each partner's value sets and override here.
 */
@EnvConfig()
export class XdsMetadataConfig {
  /** classCode: high-level document class. */
  @Matches(CODED, CODED_MSG)
  XDS_CLASS_CODE = '34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note';

  /** typeCode: = the CDA ClinicalDocument/code. */
  @Matches(CODED, CODED_MSG)
  XDS_TYPE_CODE = '34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note';

  /** formatCode: C-CDA R2.1 structured body (the document declares R2.1, so not the 1.1 code). */
  @Matches(CODED, CODED_MSG)
  XDS_FORMAT_CODE =
    'urn:hl7-org:sdwg:ccda-structuredBody:2.1|1.3.6.1.4.1.19376.1.2.3|Documents following C-CDA constraints using a structured body';

  /** confidentialityCode: = the CDA confidentialityCode. */
  @Matches(CODED, CODED_MSG)
  XDS_CONFIDENTIALITY_CODE = 'N|2.16.840.1.113883.5.25|Normal';

  /** healthcareFacilityTypeCode: a general practice site (SNOMED CT environment concept). */
  @Matches(CODED, CODED_MSG)
  XDS_HEALTHCARE_FACILITY_TYPE_CODE = '264358009|2.16.840.1.113883.6.96|General practitioner practice site';

  /** practiceSettingCode: general practice (SNOMED CT). */
  @Matches(CODED, CODED_MSG)
  XDS_PRACTICE_SETTING_CODE = '394814009|2.16.840.1.113883.6.96|General practice';

  /** SubmissionSet contentTypeCode: the clinical activity that led to publishing the GP record document. */
  @Matches(CODED, CODED_MSG)
  XDS_SUBMISSION_CONTENT_TYPE_CODE = '34133-9|2.16.840.1.113883.6.1|Summarization of Episode Note';

  /** languageCode slot; = the CDA languageCode. */
  @IsString()
  @IsNotEmpty()
  XDS_LANGUAGE_CODE = 'en-GB';

  /** DocumentEntry title (rim:Name). */
  @IsString()
  @IsNotEmpty()
  XDS_DOCUMENT_TITLE = 'GP Connect structured record summary';
}
