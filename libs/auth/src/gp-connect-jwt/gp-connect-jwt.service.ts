import { Injectable } from '@nestjs/common';
import { AuthConfig } from '../auth.config';
import { requesterOdsCode, type RequesterIdentity } from '@gw/identity';
import { buildGpConnectJwt, gpConnectJwtClaims, type GpConnectJwtClaims, type GpConnectJwtInput } from './gp-connect-jwt.util';

/**
 * Builds the GP Connect consumer JWT for one request. The requesting organisation and practitioner
 * are the originating ones, taken from the caller's identity (XUA SAML when present); configured
 * defaults fill what the caller did not send. A caller organisation id that is an OID cannot be an
 * ODS code, so the default ODS code is used with the caller's organisation name.
 */
@Injectable()
export class GpConnectJwtService {
  constructor(private readonly cfg: AuthConfig) {}

  input(audience: string, requester: RequesterIdentity, nowSeconds?: number): GpConnectJwtInput {
    const c = this.cfg;
    const odsCode = requesterOdsCode(requester) ?? c.GP_CONNECT_DEFAULT_ORG_ODS;
    const subject = requester.subjectId?.trim();
    // The subject is kept whole as the family name: its format ("Family, Given", "Given Family",
    // a user id) differs by partner and guessing would misname the user.
    const practitioner = subject
      ? { id: subject, family: subject, given: [] as string[], sdsUserId: 'UNK', sdsRoleProfileId: 'UNK' }
      : {
          id: c.GP_CONNECT_DEFAULT_PRACTITIONER_ID,
          family: c.GP_CONNECT_DEFAULT_PRACTITIONER_FAMILY,
          given: [c.GP_CONNECT_DEFAULT_PRACTITIONER_GIVEN],
          sdsUserId: c.GP_CONNECT_DEFAULT_SDS_USER_ID,
          sdsRoleProfileId: c.GP_CONNECT_DEFAULT_SDS_ROLE_PROFILE_ID,
        };
    return {
      consumerUrl: c.GP_CONNECT_CONSUMER_URL,
      audience,
      device: { id: c.GP_CONNECT_DEVICE_MODEL, model: c.GP_CONNECT_DEVICE_MODEL, version: c.GP_CONNECT_DEVICE_VERSION },
      organization: { odsCode, name: requester.organization?.trim() || c.GP_CONNECT_DEFAULT_ORG_NAME },
      practitioner,
      reasonForRequest: c.GP_CONNECT_REASON_FOR_REQUEST,
      nowSeconds,
    };
  }

  build(audience: string, requester: RequesterIdentity): { token: string; claims: GpConnectJwtClaims } {
    const input = this.input(audience, requester);
    return { token: buildGpConnectJwt(input), claims: gpConnectJwtClaims(input) };
  }
}
