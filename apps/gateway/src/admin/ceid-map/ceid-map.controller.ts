import {
  applyDecorators,
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Logger,
  NotFoundException,
  Param,
  Put,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { maskCallerText } from '@gw/observability';
import { isValidNhsNumber } from '@gw/nhs-number';
import { AdminApi } from '../admin-api.decorator';
import { CeidMappingDto, PutCeidMappingDto } from './ceid-map.dto';
import { PatientConfig, PatientIdMapStore, type PatientIdMapping } from '@gw/patient';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;

/** The path parameters of one mapping, documented once. */
function LocalIdParams(): MethodDecorator {
  return applyDecorators(
    ApiParam({
      name: 'root',
      example: '1.2.840.114350.1.13.525.3.7.3.688884.100',
      description: 'Assigning authority OID (urn:oid: optional)',
    }),
    ApiParam({ name: 'extension', example: 'Z1234567', description: 'Local patient id (CEID)' }),
    ApiBadRequestResponse({ description: 'root is not an OID' }),
  );
}

/**
 * NHS number ⇄ local patient id (CEID) mappings. Mappings are learnt from confirmed discovery
 * queries and never expire; this is where they are inspected, set and removed.
 */
@AdminApi('ceid-map')
@Controller('admin/ceid-map')
export class CeidMapController {
  private readonly logger = new Logger(CeidMapController.name);

  constructor(
    private readonly map: PatientIdMapStore,
    private readonly patients: PatientConfig,
  ) {}

  // Declared before ':root/:extension', which would otherwise match /nhs-number/<n> (root "nhs-number").
  @Get('nhs-number/:nhsNumber')
  @ApiOperation({ summary: 'List the local patient ids mapped to an NHS number' })
  @ApiParam({ name: 'nhsNumber', example: '9690937286' })
  @ApiOkResponse({ type: [CeidMappingDto] })
  @ApiBadRequestResponse({ description: 'Not a valid NHS number' })
  async forNhsNumber(@Param('nhsNumber') nhsNumber: string): Promise<PatientIdMapping[]> {
    if (!isValidNhsNumber(nhsNumber)) throw new BadRequestException('Not a valid NHS number');
    return this.map.forNhsNumber(nhsNumber);
  }

  @Get(':root/:extension')
  @ApiOperation({ summary: 'Read the NHS number mapped to a local patient id' })
  @LocalIdParams()
  @ApiOkResponse({ type: CeidMappingDto })
  @ApiNotFoundResponse({ description: 'No mapping' })
  async get(@Param('root') root: string, @Param('extension') extension: string): Promise<PatientIdMapping> {
    const m = await this.map.get(this.oid(root), extension);
    if (!m) throw new NotFoundException('No mapping for this id');
    return m;
  }

  @Put(':root/:extension')
  @ApiOperation({ summary: 'Map a local patient id (of a configured CEID authority) to an NHS number' })
  @LocalIdParams()
  @ApiOkResponse({ type: CeidMappingDto })
  async put(@Param('root') root: string, @Param('extension') extension: string, @Body() dto: PutCeidMappingDto): Promise<PatientIdMapping> {
    const oid = this.oid(root);
    if (!this.map.isMappedAuthority(oid))
      throw new BadRequestException('This assigning authority is not configured as a CEID authority (CEID_ASSIGNING_AUTHORITY_OIDS)');
    if (!isValidNhsNumber(dto.nhsNumber)) throw new BadRequestException('Not a valid NHS number');
    if (extension.length > this.patients.PATIENT_ID_MAX_EXTENSION_LENGTH)
      throw new BadRequestException(
        `extension is longer than ${this.patients.PATIENT_ID_MAX_EXTENSION_LENGTH} characters (PATIENT_ID_MAX_EXTENSION_LENGTH)`,
      );
    const m = await this.map.put(oid, extension, dto.nhsNumber, 'admin');
    this.logger.log(`Admin set a patient id mapping for authority ${maskCallerText(oid)}`);
    return m;
  }

  @Delete(':root/:extension')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a mapping' })
  @LocalIdParams()
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No mapping' })
  async remove(@Param('root') root: string, @Param('extension') extension: string): Promise<void> {
    const oid = this.oid(root);
    if (!(await this.map.delete(oid, extension))) throw new NotFoundException('No mapping for this id');
    this.logger.log(`Admin removed a patient id mapping for authority ${maskCallerText(oid)}`);
  }

  private oid(root: string): string {
    const oid = root.replace(/^urn:oid:/i, '');
    if (!OID.test(oid)) throw new BadRequestException('root must be an OID');
    return oid;
  }
}
