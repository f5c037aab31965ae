import jwt from 'jsonwebtoken';

/**
 * The GP Connect consumer JWT: unsigned (`alg: none`) as the GP Connect 1.6 specification demands,
 * `base64url(header).base64url(payload).` with the trailing dot and no padding. A new one per request.
 */
export interface GpConnectJwtInput {
  /** Consumer system URL: iss and the requesting_device / local user identifier system. */
  consumerUrl: string;
  /** Provider service root from SDS (aud). */
  audience: string;
  device: { id: string; model: string; version: string };
  organization: { odsCode: string; name: string };
  practitioner: {
    /** Local user id; also the JWT sub. */
    id: string;
    family: string;
    given: string[];
    prefix?: string[];
    sdsUserId?: string;
    sdsRoleProfileId?: string;
  };
  reasonForRequest: string;
  requestedScope?: string;
  nowSeconds?: number;
}

export interface GpConnectJwtClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  reason_for_request: string;
  requested_scope: string;
  requesting_device: Record<string, unknown>;
  requesting_organization: Record<string, unknown>;
  requesting_practitioner: Record<string, unknown>;
}

export function gpConnectJwtClaims(i: GpConnectJwtInput): GpConnectJwtClaims {
  const iat = i.nowSeconds ?? Math.floor(Date.now() / 1000);
  const p = i.practitioner;
  const name: Record<string, unknown> = { family: p.family, given: p.given };
  if (p.prefix?.length) name.prefix = p.prefix;
  return {
    iss: i.consumerUrl,
    sub: p.id,
    aud: i.audience,
    iat,
    // The demonstrator enforces exp − iat == 300 exactly.
    exp: iat + 300,
    reason_for_request: i.reasonForRequest,
    requested_scope: i.requestedScope ?? 'patient/*.read',
    requesting_device: {
      resourceType: 'Device',
      identifier: [{ system: i.consumerUrl, value: i.device.id }],
      model: i.device.model,
      version: i.device.version,
    },
    requesting_organization: {
      resourceType: 'Organization',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: i.organization.odsCode }],
      name: i.organization.name,
    },
    requesting_practitioner: {
      resourceType: 'Practitioner',
      id: p.id,
      name: [name],
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/sds-user-id', value: p.sdsUserId || 'UNK' },
        { system: 'https://fhir.nhs.uk/Id/sds-role-profile-id', value: p.sdsRoleProfileId || 'UNK' },
        { system: i.consumerUrl, value: p.id },
      ],
    },
  };
}

export function buildGpConnectJwt(i: GpConnectJwtInput): string {
  // alg none gives `header.payload.` with the trailing dot GP Connect expects; iat/exp are our own claims.
  return jwt.sign(gpConnectJwtClaims(i), null, { algorithm: 'none' });
}
