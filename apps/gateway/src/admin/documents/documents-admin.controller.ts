import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
  Param,
  Post,
  ServiceUnavailableException,
  BadGatewayException,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
} from '@nestjs/swagger';
import { AuditService } from '@gw/audit';
import type { RequesterIdentity } from '@gw/identity';
import { isValidNhsNumber, normaliseNhsNumber } from '@gw/nhs-number';
import { AuditsItself } from '../admin-access.audit';
import { AdminApi } from '../admin-api.decorator';
import { AdminBrowserView } from '../admin-browser-view.decorator';
import { ADMIN_PAGE_CSP } from '../session/admin-pages.html';
import { renderCcdHtml } from './ccd-html.util';
import { DocumentMetadataDto, PatientDocumentsDto } from './document-metadata.dto';
import { GpRecordDocumentService, type PatientDocumentOutcome, type StoredGpRecord } from '@gw/gp-record';

/** The admin caller, as the GP Connect request and the audit trail see it. */
const ADMIN: RequesterIdentity = { source: 'default', subjectId: 'gateway-admin' };
// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9]\d*)){1,63}$/;

/** Our id for one admin action (audit correlation); never a patient identifier. */
function adminRequestId(): string {
  return `admin-${randomUUID()}`;
}

const ApiSeeOtherResponse = () =>
  ApiResponse({ status: 303, description: 'A browser (Accept: text/html) without a key or session is sent to /admin/login' });

function nhsNumberParam(raw: string): string {
  const n = normaliseNhsNumber(raw);
  if (!isValidNhsNumber(n)) throw new BadRequestException('Not a valid NHS number');
  return n;
}

function uniqueIdParam(raw: string): string {
  if (!OID.test(raw)) throw new BadRequestException('Not a document uniqueId (an OID)');
  return raw;
}

@AdminApi('documents')
@AuditsItself()
@Controller('admin/documents')
export class DocumentsAdminController {
  private readonly logger = new Logger(DocumentsAdminController.name);

  constructor(
    private readonly documents: GpRecordDocumentService,
    private readonly audit: AuditService,
  ) {}

  @Get('patients/:nhsNumber')
  @ApiOperation({ summary: "List a patient's cached GP record documents (metadata only; never fetches from the NHS)" })
  @ApiParam({ name: 'nhsNumber', example: '9690937286' })
  @ApiOkResponse({ type: PatientDocumentsDto })
  @ApiBadRequestResponse({ description: 'Not a valid NHS number' })
  async list(@Param('nhsNumber') raw: string): Promise<PatientDocumentsDto> {
    const nhs = nhsNumberParam(raw);
    const docs = await this.documents.listForPatient(nhs);
    this.audit.record({
      transaction: 'ADMIN',
      requestId: adminRequestId(),
      outcome: docs.length ? 'success' : 'not-found',
      requester: ADMIN,
      nhsNumber: nhs,
      detail: 'documents:list',
      documentIds: docs.map((d) => d.meta.uniqueId),
    });
    return { documents: docs.map((d) => DocumentMetadataDto.from(d.meta, d.current)) };
  }

  @Post('patients/:nhsNumber/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Regenerate the patient’s document now (PDS → SDS → GP Connect → CCD); the previous one stays retrievable until it expires',
  })
  @ApiParam({ name: 'nhsNumber', example: '9690937286' })
  @ApiOkResponse({ type: DocumentMetadataDto, description: 'The new current document' })
  @ApiAcceptedResponse({ description: 'Still generating after the deadline; it will be cached when done' })
  @ApiNotFoundResponse({ description: 'Patient not known (or not disclosable)' })
  @ApiConflictResponse({ description: 'The GP system holds no shareable record, the practice does not offer GP Connect, or it refused' })
  @ApiServiceUnavailableResponse({ description: 'An NHS service is rate-limiting requests; try again shortly' })
  @ApiBadGatewayResponse({ description: 'An NHS service (PDS, SDS, GP Connect) failed or could not be reached' })
  async refresh(@Param('nhsNumber') raw: string): Promise<DocumentMetadataDto> {
    const nhs = nhsNumberParam(raw);
    const requestId = adminRequestId();
    const outcome = await this.documents.refresh(nhs, { requester: ADMIN, requestId });
    this.audit.record({
      transaction: 'ADMIN',
      requestId,
      outcome: outcome.kind === 'document' ? 'success' : outcome.kind === 'unknown-patient' ? 'not-found' : 'error',
      requester: ADMIN,
      nhsNumber: nhs,
      detail: `documents:refresh:${outcome.kind}`,
      documentIds: outcome.kind === 'document' ? [outcome.document.uniqueId] : undefined,
    });
    if (outcome.kind === 'document') return DocumentMetadataDto.from(outcome.document, true);
    throw refreshError(outcome);
  }

  @Get(':uniqueId')
  @ApiOperation({ summary: 'The document bytes exactly as ITI-39 returns them' })
  @ApiParam({ name: 'uniqueId', example: '2.25.141233562330474283711532542457812735761' })
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'C-CDA R2.1 CCD' })
  @ApiNotFoundResponse({ description: 'Not held (unknown or expired)' })
  async content(@Param('uniqueId') raw: string): Promise<StreamableFile> {
    const doc = await this.load(raw, 'documents:content');
    return new StreamableFile(doc.bytes, { type: 'text/xml; charset=utf-8' });
  }

  @Get(':uniqueId/html')
  @AdminBrowserView()
  @ApiOperation({
    summary: 'The document as a page for a person: patient banner, section index, section narratives (escaped)',
    description: 'Also opens in a browser after signing in at /admin/login (session cookie); without either, a browser is sent there.',
  })
  @ApiParam({ name: 'uniqueId', example: '2.25.141233562330474283711532542457812735761' })
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', ADMIN_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'HTML page' })
  @ApiNotFoundResponse({ description: 'Not held (unknown or expired)' })
  @ApiSeeOtherResponse()
  async html(@Param('uniqueId') raw: string, @Headers('authorization') authorization?: string): Promise<string> {
    const doc = await this.load(raw, 'documents:html');
    return renderCcdHtml(doc.bytes.toString('utf8'), {
      practice: doc.meta.practice,
      expectedNhsNumber: doc.meta.nhsNumber,
      // Opened with the session cookie rather than the bearer key: offer to end the session.
      signOut: !authorization,
    });
  }

  private async load(raw: string, detail: string): Promise<StoredGpRecord> {
    const uniqueId = uniqueIdParam(raw);
    const doc = await this.documents.byUniqueId(uniqueId);
    this.audit.record({
      transaction: 'ADMIN',
      requestId: adminRequestId(),
      outcome: doc ? 'success' : 'not-found',
      requester: ADMIN,
      nhsNumber: doc?.meta.nhsNumber,
      detail,
      documentIds: [uniqueId],
    });
    if (!doc) throw new NotFoundException('No such document (unknown or expired)');
    this.logger.log(`Admin read of a document (${detail})`);
    return doc;
  }
}

function refreshError(o: Exclude<PatientDocumentOutcome, { kind: 'document' }>): HttpException {
  switch (o.kind) {
    case 'unknown-patient':
      return new NotFoundException('Patient not known');
    case 'no-record':
      return new ConflictException('The GP system holds no shareable record for this patient');
    case 'practice-unavailable':
      return new ConflictException("The patient's practice does not offer GP Connect record access");
    case 'refused':
      return new ConflictException(`GP Connect refused the request (${o.reason})`);
    case 'busy':
      return new ServiceUnavailableException(`An NHS service is rate-limiting requests (${o.system}); try again shortly`);
    case 'failed':
      return new BadGatewayException(`The record could not be obtained (${o.system})`);
    case 'deadline':
      return new HttpException('Still generating; it will be cached when done', HttpStatus.ACCEPTED);
  }
}
