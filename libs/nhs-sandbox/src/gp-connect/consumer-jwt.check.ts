import { GpConnectError } from './gp-connect-errors';

interface ConsumerClaims {
  iat?: unknown;
  exp?: unknown;
  sub?: unknown;
  reason_for_request?: unknown;
  requested_scope?: unknown;
  requesting_device?: { resourceType?: string; identifier?: unknown[] };
  requesting_organization?: { resourceType?: string; name?: string; identifier?: Array<{ system?: string; value?: string }> };
  requesting_practitioner?: { resourceType?: string; id?: string; name?: unknown[]; identifier?: Array<{ system?: string }> };
  [claim: string]: unknown;
}

const REQUIRED = [
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'reason_for_request',
  'requested_scope',
  'requesting_device',
  'requesting_organization',
  'requesting_practitioner',
] as const;
const B64URL = /^[A-Za-z0-9_-]+$/;
/** The demonstrator allows this much clock skew on iat. */
const IAT_LEEWAY_S = 600;

/**
 * Checks the GP Connect consumer JWT as the demonstrator does: unsigned (`{"alg":"none","typ":"JWT"}`
 * exactly, empty signature, unpadded base64url), every claim present, sub = requesting_practitioner.id,
 * exp no more than 300 s after iat and not past. Throws BAD_REQUEST with the reason.
 */
export function checkConsumerJwt(authorization: string | undefined): ConsumerClaims {
  if (!authorization) throw new GpConnectError('BAD_REQUEST', 'Authorization header missing');
  const m = /^Bearer (.+)$/.exec(authorization);
  if (!m) throw new GpConnectError('BAD_REQUEST', 'Authorization header must be a Bearer token');
  const parts = m[1].split('.');
  if (parts.length !== 3) throw new GpConnectError('BAD_REQUEST', 'JWT must have three parts');
  if (parts[2] !== '') throw new GpConnectError('BAD_REQUEST', 'JWT must not be signed (alg none, empty signature)');
  if (!B64URL.test(parts[0]) || !B64URL.test(parts[1])) throw new GpConnectError('BAD_REQUEST', 'JWT must be unpadded base64url');
  let header: Record<string, unknown>;
  let claims: ConsumerClaims;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new GpConnectError('BAD_REQUEST', 'Malformed JWT');
  }
  const keys = Object.keys(header ?? {})
    .sort()
    .join(',');
  if (keys !== 'alg,typ' || header.alg !== 'none' || header.typ !== 'JWT')
    throw new GpConnectError('BAD_REQUEST', 'JWT header must be exactly {"alg":"none","typ":"JWT"}');
  for (const c of REQUIRED) {
    if (claims[c] === undefined || claims[c] === null || claims[c] === '')
      throw new GpConnectError('BAD_REQUEST', `JWT JSON entry incomplete: claim ${c} is null`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp))
    throw new GpConnectError('BAD_REQUEST', 'JWT iat and exp must be integers');
  const iat = claims.iat as number;
  const exp = claims.exp as number;
  if (iat > now + IAT_LEEWAY_S) throw new GpConnectError('BAD_REQUEST', 'JWT iat is in the future');
  if (exp - iat > 300) throw new GpConnectError('BAD_REQUEST', 'JWT exp must be at most 300 seconds after iat');
  if (exp <= now) throw new GpConnectError('BAD_REQUEST', 'JWT has expired');
  if (claims.reason_for_request !== 'directcare') throw new GpConnectError('BAD_REQUEST', 'JWT reason_for_request must be directcare');
  if (!['patient/*.read', 'patient/*.read conf/N'].includes(String(claims.requested_scope)))
    throw new GpConnectError('BAD_REQUEST', 'JWT requested_scope is invalid');
  const device = claims.requesting_device;
  if (device?.resourceType !== 'Device' || !Array.isArray(device.identifier) || !device.identifier.length)
    throw new GpConnectError('BAD_REQUEST', 'JWT requesting_device is invalid');
  const org = claims.requesting_organization;
  const ods = Array.isArray(org?.identifier)
    ? org.identifier.find((i) => i.system === 'https://fhir.nhs.uk/Id/ods-organization-code')
    : undefined;
  if (org?.resourceType !== 'Organization' || !ods?.value || !org.name)
    throw new GpConnectError('BAD_REQUEST', 'JWT requesting_organization must carry an ODS code and a name');
  const pr = claims.requesting_practitioner;
  if (pr?.resourceType !== 'Practitioner' || !pr.id || !Array.isArray(pr.name) || !pr.name.length)
    throw new GpConnectError('BAD_REQUEST', 'JWT requesting_practitioner is invalid');
  const sys = (Array.isArray(pr.identifier) ? pr.identifier : []).map((i) => i.system);
  if (!sys.includes('https://fhir.nhs.uk/Id/sds-user-id') || !sys.includes('https://fhir.nhs.uk/Id/sds-role-profile-id'))
    throw new GpConnectError('BAD_REQUEST', 'JWT requesting_practitioner must carry sds-user-id and sds-role-profile-id identifiers');
  if (claims.sub !== pr.id) throw new GpConnectError('BAD_REQUEST', 'JWT sub must equal requesting_practitioner.id');
  return claims;
}
