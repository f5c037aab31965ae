import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, send, UUID } from '../http.util';

const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const INTERACTION = 'https://fhir.nhs.uk/Id/nhsServiceInteractionId';
const PARTY_KEY = 'https://fhir.nhs.uk/Id/nhsMhsPartyKey';
const ASID = 'https://fhir.nhs.uk/Id/nhsSpineASID';
const ERROR_SYSTEM = 'https://fhir.nhs.uk/STU3/ValueSet/Spine-ErrorOrWarningCode-1';
const GET_STRUCTURED = 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1';

/** One MHS/AS registration the sandbox's SDS knows. */
interface Registration {
  ods: string;
  partyKey: string;
  interactions: string[];
  address: string;
  mhsId: string;
  asid: string;
}

/**
 * SDS FHIR R4 (Endpoint and Device) with the NHS SDS sandbox's parameter rules and error bodies.
 * B82617's MHS record is the SDS sandbox one (apps/nhs-sandbox/data/sds/.../mock_data/sds_mhs_response.json),
 * pointed at this sandbox's GP Connect root; the SDS sandbox has no Device for it, so one is added
 * with the demonstrator's ASID 918999198738. Anything else is an empty searchset.
 */
export class SdsHandler {
  private readonly registrations: Registration[];

  constructor(gpConnectRoot: () => string) {
    this.registrations = [
      {
        ods: 'B82617',
        partyKey: 'B82617-0000806',
        interactions: [
          'urn:nhs:names:services:gpconnect:documents:fhir:rest:read:binary-1',
          'urn:nhs:names:services:gpconnect:documents:fhir:rest:search:patient-1',
          'urn:nhs:names:services:gpconnect:documents:fhir:rest:search:documentreference-1',
          GET_STRUCTURED,
        ],
        get address() {
          return gpConnectRoot();
        },
        mhsId: '227319907549',
        asid: '918999198738',
      },
    ];
  }

  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    const correlation = header(req, 'x-correlation-id');
    const echo: Record<string, string> = { 'x-correlation-id': correlation ?? randomUUID() };
    const requestId = header(req, 'x-request-id');
    if (requestId) echo['x-request-id'] = requestId;
    const id = echo['x-correlation-id'];
    if (req.method !== 'GET')
      return send(res, 405, this.error(id, 'not-supported', 'NOT_IMPLEMENTED', 'HTTP operation not supported'), { ...echo, allow: 'GET' });
    if (!header(req, 'apikey')) return send(res, 401, this.error(id, 'forbidden', 'ACCESS_DENIED', 'Invalid access token'), echo);
    if (correlation && !UUID.test(correlation))
      return this.badRequest(res, id, `Invalid X-Correlation-ID header. Should be an UUIDv4 matching regex '${UUID.source}'`, echo);
    const accept = header(req, 'accept');
    if (accept && !accept.split(',').some((a) => ['*/*', 'application/fhir+json', 'application/json'].includes(a.split(';')[0].trim())))
      return send(res, 406, this.error(id, 'not-supported', 'MISSING_OR_INVALID_HEADER', 'Accept type not supported'), echo);

    const selfUrl = `${path}?${query.toString()}`;
    if (path === '/Device') return this.device(res, query, echo, selfUrl);
    if (path === '/Endpoint') return this.endpoint(res, query, echo, selfUrl);
    send(res, 404, this.error(id, 'not-found', 'NO_RECORD_FOUND', 'HTTP endpoint not found'), echo);
  }

  private device(res: ServerResponse, q: URLSearchParams, echo: Record<string, string>, self: string): void {
    const id = echo['x-correlation-id'];
    const illegal = [...q.keys()].find((k) => !['organization', 'identifier', 'manufacturing-organization'].includes(k));
    if (illegal) return this.badRequest(res, id, `Illegal query parameter '${illegal}'`, echo);
    const ods = systemValue(q.get('organization'), ODS);
    if (!ods)
      return this.badRequest(res, id, `Missing or invalid 'organization' query parameter. Should be 'organization=${ODS}|value'`, echo);
    const ids = q.getAll('identifier');
    const interaction = ids.map((i) => systemValue(i, INTERACTION)).find(Boolean);
    const partyKey = ids.map((i) => systemValue(i, PARTY_KEY)).find(Boolean);
    if (!interaction)
      return this.badRequest(res, id, `Missing or invalid 'identifier' query parameter. Should be 'identifier=${INTERACTION}|value'`, echo);
    const hits = this.registrations.filter(
      (r) => r.ods === ods && r.interactions.includes(interaction) && (!partyKey || r.partyKey === partyKey),
    );
    const resources = hits.map((r, i) => ({
      resourceType: 'Device',
      id: String(i),
      identifier: [
        { system: ASID, value: r.asid },
        { system: PARTY_KEY, value: r.partyKey },
      ],
      extension: [
        {
          url: 'https://fhir.nhs.uk/StructureDefinition/Extension-SDS-ManufacturingOrganisation',
          valueReference: { identifier: { system: ODS, value: r.ods } },
        },
        ...r.interactions.map((x) => ({
          url: 'https://fhir.nhs.uk/StructureDefinition/Extension-SDS-NhsServiceInteractionId',
          valueReference: { identifier: { system: INTERACTION, value: x } },
        })),
      ],
      owner: { identifier: { system: ODS, value: r.ods } },
    }));
    send(res, 200, this.bundle(resources, self, id), echo);
  }

  private endpoint(res: ServerResponse, q: URLSearchParams, echo: Record<string, string>, self: string): void {
    const id = echo['x-correlation-id'];
    const illegal = [...q.keys()].find((k) => !['organization', 'identifier'].includes(k));
    if (illegal) return this.badRequest(res, id, `Illegal query parameter '${illegal}'`, echo);
    const ods = q.has('organization') ? systemValue(q.get('organization'), ODS) : undefined;
    const ids = q.getAll('identifier');
    const interaction = ids.map((i) => systemValue(i, INTERACTION)).find(Boolean);
    const partyKey = ids.map((i) => systemValue(i, PARTY_KEY)).find(Boolean);
    const allowed = (ods && (interaction || partyKey)) || (interaction && partyKey);
    if (!allowed || (q.has('organization') && !ods))
      return this.badRequest(
        res,
        id,
        'Missing or invalid query parameters. Should be one of following combinations: [organization, identifier (interaction), identifier (party key)], [organization, identifier (party key)], [organization, identifier (interaction)], [identifier (interaction), identifier (party key)]',
        echo,
      );
    const hits = this.registrations.filter(
      (r) => (!ods || r.ods === ods) && (!interaction || r.interactions.includes(interaction)) && (!partyKey || r.partyKey === partyKey),
    );
    const resources = hits.map((r, i) => ({
      resourceType: 'Endpoint',
      id: String(i),
      status: 'active',
      connectionType: {
        system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
        code: 'hl7-fhir-msg',
        display: 'HL7 FHIR Messaging',
      },
      payloadType: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type', code: 'any', display: 'Any' }] }],
      address: r.address,
      managingOrganization: { identifier: { system: ODS, value: r.ods } },
      identifier: [
        { system: 'https://fhir.nhs.uk/Id/nhsMhsFQDN', value: new URL(r.address).hostname },
        { system: PARTY_KEY, value: r.partyKey },
        { system: 'https://fhir.nhs.uk/Id/nhsMHSId', value: r.mhsId },
      ],
      extension: [
        {
          url: 'https://fhir.nhs.uk/StructureDefinition/Extension-SDS-NhsServiceInteractionId',
          valueReference: { identifier: { system: INTERACTION, value: interaction ?? r.interactions[0] } },
        },
      ],
    }));
    send(res, 200, this.bundle(resources, self, id), echo);
  }

  private bundle(resources: object[], self: string, id: string) {
    return {
      resourceType: 'Bundle',
      id,
      type: 'searchset',
      total: resources.length,
      link: [{ relation: 'self', url: self }],
      entry: resources.map((r) => ({
        fullUrl: `${(r as { resourceType: string }).resourceType}/${(r as { id: string }).id}`,
        resource: r,
        search: { mode: 'match' },
      })),
    };
  }

  /** SDS answers every malformed query with 400 BAD_REQUEST (issue code "required") and a diagnostic. */
  private badRequest(res: ServerResponse, id: string, diagnostics: string, echo: Record<string, string>): void {
    send(res, 400, this.error(id, 'required', 'BAD_REQUEST', diagnostics), echo);
  }

  private error(id: string, issueCode: string, code: string, diagnostics: string) {
    return {
      resourceType: 'OperationOutcome',
      id,
      meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/Spine-OperationOutcome-1'] },
      issue: [
        {
          severity: 'error',
          code: issueCode,
          details: { coding: [{ system: ERROR_SYSTEM, code, display: code.replace(/_/g, ' ').toLowerCase() }] },
          diagnostics,
        },
      ],
    };
  }
}

function systemValue(param: string | null | undefined, system: string): string | undefined {
  if (!param) return undefined;
  const i = param.lastIndexOf('|');
  if (i < 0 || param.slice(0, i) !== system) return undefined;
  return param.slice(i + 1) || undefined;
}
