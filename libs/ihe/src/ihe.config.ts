import { IsBoolean, Matches } from 'class-validator';
import { EnvBoolean, EnvConfig } from '@gw/config';

// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
// eslint-disable-next-line security/detect-unsafe-regex -- each repetition starts with a '.', which the digits cannot match: linear
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9]\d*))+$/;

/**
 * The gateway's IHE identity, shared by ITI-47/55 and ITI-38/39. Defaults sit under the IHE
 * test arc (1.3.6.1.4.1.21367.13.20) so nothing real is claimed; every deployment sets its own.
 */
@EnvConfig()
export class IheConfig {
  /** Our homeCommunityId (urn:oid:…): XCPD custodian, XCA `home`, HL7 sender organisation. */
  @Matches(URN_OID, { message: '$property must be urn:oid:<OID>' })
  HOME_COMMUNITY_ID = 'urn:oid:1.3.6.1.4.1.21367.13.20.4000';

  /** XDS repositoryUniqueId of the gateway's document repository (OID). */
  @Matches(OID, { message: '$property must be an OID' })
  REPOSITORY_UNIQUE_ID = '1.3.6.1.4.1.21367.13.20.4000.1';

  /** HL7 v3 sender device id root (OID) of the gateway. */
  @Matches(OID, { message: '$property must be an OID' })
  HL7_DEVICE_OID = '1.3.6.1.4.1.21367.13.20.4000.2';

  /**
   * PDQv3/XCPD: answer a query that carries only an identifier (no name and birth date to check
   * against PDS). Off by default: a match is disclosed only when demographics confirm it.
   */
  @EnvBoolean()
  @IsBoolean()
  PDQ_ALLOW_ID_ONLY_MATCH: boolean = false;
}
