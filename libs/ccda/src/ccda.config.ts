import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EnvConfig, EnvList } from '@gw/config';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;

/**
 * The organisation operating the gateway: custodian (and author organisation when the GP practice is
 * unknown) of every generated CCD, and the OID under which source items without a UUID get their ids.
 */
@EnvConfig()
export class CcdaConfig {
  /** Name of the custodian (the gateway's operator) in every CCD the gateway and the CLI write. */
  @IsString()
  @MaxLength(200)
  CCDA_CUSTODIAN_NAME = 'GP record gateway';

  /** OID of the custodian organisation, or of its id scheme when CCDA_CUSTODIAN_ID is set (ODS by default). */
  @Matches(OID, { message: 'must be an OID' })
  CCDA_CUSTODIAN_OID = '2.16.840.1.113883.2.1.4.3';

  /** Extension under CCDA_CUSTODIAN_OID, e.g. the operator's ODS code. Empty: the OID alone identifies it. */
  @IsOptional()
  @IsString()
  CCDA_CUSTODIAN_ID?: string = undefined;

  /** A tel:/mailto: URL for the custodian (its work number); empty → nullFlavor UNK (use WP). */
  @IsOptional()
  @Matches(/^(tel|mailto|http|https|fax):\S+$/, { message: 'must be a tel:, mailto:, fax: or http(s): URL' })
  CCDA_CUSTODIAN_TELECOM?: string = undefined;

  /** Custodian street lines, comma-separated (country GB). Empty, with no city → a work address whose parts are all UNK. */
  @EnvList()
  CCDA_CUSTODIAN_ADDRESS_LINES: string[] = [];

  /** Custodian town or city. */
  @IsOptional()
  @IsString()
  CCDA_CUSTODIAN_CITY?: string = undefined;

  /** Custodian postcode. */
  @IsOptional()
  @IsString()
  CCDA_CUSTODIAN_POSTCODE?: string = undefined;

  /** OID for entry ids of source items that have no unique UUID (extension = `<Type>/<id>`). */
  @Matches(OID, { message: 'must be an OID' })
  CCDA_LOCAL_ID_ROOT = '2.25.136978205357118006888304282795098139924';

  /** Offset used to print generation times (minutes east of UTC; 0 prints +0000). */
  @Matches(/^-?\d{1,3}$/, { message: 'must be whole minutes' })
  CCDA_TIMEZONE_OFFSET_MINUTES = '0';
}
