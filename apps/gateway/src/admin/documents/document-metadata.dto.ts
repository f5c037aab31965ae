import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GpRecordDocument } from '@gw/gp-record';

/** A cached GP record document as the admin API shows it (no content). */
export class DocumentMetadataDto {
  @ApiProperty({ example: '2.25.141233562330474283711532542457812735761', description: 'XDS uniqueId = CDA ClinicalDocument/id' })
  uniqueId: string;

  @ApiProperty({ example: 'urn:uuid:6a1f4c3e-8a55-4c2d-9a57-0f7f5a4c9b11', description: 'XDS entryUUID of the Stable entry' })
  entryUuid: string;

  @ApiProperty({ description: 'Whether this is the document ITI-38 currently publishes for the patient' })
  current: boolean;

  @ApiProperty({ example: '20261201103000', description: 'XDS creationTime (UTC DTM)' })
  creationTime: string;

  @ApiPropertyOptional({ example: '19800101' })
  serviceStartTime?: string;

  @ApiPropertyOptional({ example: '20261201103000' })
  serviceStopTime?: string;

  @ApiProperty({ example: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', description: 'SHA-1 (hex) of the exact bytes ITI-39 returns' })
  hash: string;

  @ApiProperty({ example: 140743, description: 'Size in bytes of those bytes' })
  size: number;

  @ApiProperty({ example: 'text/xml' })
  mimeType: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: { odsCode: 'B82617', name: 'COXWOLD SURGERY' } })
  practice: { odsCode: string; name?: string };

  @ApiProperty({ description: 'When it was generated (ISO 8601)' })
  generatedAt: string;

  @ApiProperty({ description: 'When the cache drops it (ISO 8601)' })
  expiresAt: string;

  @ApiProperty({ type: [String], description: 'Notices shown to the reader (GP Connect warnings, withheld data)' })
  notices: string[];

  @ApiProperty({
    example: { mapped: 42, narrativeOnly: 3, issues: 0 },
    description: 'Items mapped to coded entries, shown as narrative only, and converter issues',
  })
  conversion: { mapped: number; narrativeOnly: number; issues: number };

  @ApiProperty({ description: 'The On-Demand entry published beside it when an initiator asks for On-Demand' })
  onDemand: { entryUuid: string; uniqueId: string };

  static from(m: GpRecordDocument, current: boolean): DocumentMetadataDto {
    return Object.assign(new DocumentMetadataDto(), {
      uniqueId: m.uniqueId,
      entryUuid: m.entryUuid,
      current,
      creationTime: m.creationTime,
      serviceStartTime: m.serviceStartTime,
      serviceStopTime: m.serviceStopTime,
      hash: m.hash,
      size: m.size,
      mimeType: m.mimeType,
      title: m.title,
      practice: m.practice,
      generatedAt: m.generatedAt,
      expiresAt: m.expiresAt,
      notices: m.notices,
      conversion: m.conversion,
      onDemand: m.onDemand,
    });
  }
}

export class PatientDocumentsDto {
  @ApiProperty({ type: [DocumentMetadataDto], description: 'Documents still held, newest first' })
  documents: DocumentMetadataDto[];
}
