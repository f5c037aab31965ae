import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, readBody, send } from '../http.util';
import { checkConsumerJwt } from './consumer-jwt.check';
import { GpConnectError, gpConnectErrorBody, sspErrorBody } from './gp-connect-errors';
import { checkParameters } from './parameters.check';
import type { StructuredRecordBuilder } from './structured-record.builder';

const INTERACTION = 'urn:nhs:names:services:gpconnect:fhir:operation:gpc.getstructuredrecord-1';
const SSP_HEADERS = ['Ssp-TraceID', 'Ssp-From', 'Ssp-To', 'Ssp-InteractionID'] as const;
const FHIR_JSON_UTF8 = 'application/fhir+json;charset=utf-8';

/**
 * The demonstrator practice's Access Record Structured provider ($gpc.getstructuredrecord), with
 * the SSP checks in front: method and media type (SSP errors), Ssp-* headers (spec: 400 BAD_REQUEST),
 * Ssp-To = the practice ASID, interaction id, the unsigned consumer JWT, then the Parameters.
 */
export class GpConnectHandler {
  constructor(
    private readonly asid: string,
    private readonly builder: StructuredRecordBuilder,
    /**
     * 'spec': a blank or missing Ssp-* header is 400 BAD_REQUEST (the specification);
     * 'demonstrator': 400 INVALID_PARAMETER, as the public demonstrator answers.
     */
    private readonly errorMode: 'spec' | 'demonstrator' = 'spec',
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, onBody?: (body: string) => void): Promise<void> {
    const traceId = header(req, 'ssp-traceid') ?? '';
    if (req.method !== 'POST')
      return send(res, 405, sspErrorBody(405, 'not-supported', '405: Method Not Allowed', traceId), { allow: 'POST' });
    const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (!['application/fhir+json', 'application/json+fhir', 'application/json'].includes(type))
      return send(res, 415, sspErrorBody(415, 'not-supported', 'Unsupported_Media_Type', traceId));
    try {
      for (const h of SSP_HEADERS) {
        if (!header(req, h)?.trim()) {
          throw this.errorMode === 'demonstrator'
            ? new GpConnectError('INVALID_PARAMETER', `${h} header blank`, 400)
            : new GpConnectError('BAD_REQUEST', `${h} header blank`);
        }
      }
      if (header(req, 'ssp-to') !== this.asid) throw new GpConnectError('BAD_REQUEST', 'Ssp-To header does not match ASID of system');
      if (header(req, 'ssp-interactionid') !== INTERACTION)
        throw new GpConnectError('BAD_REQUEST', 'Ssp-InteractionID header does not match the operation');
      checkConsumerJwt(header(req, 'authorization'));
      let body: unknown;
      try {
        const text = await readBody(req);
        onBody?.(text);
        body = JSON.parse(text);
      } catch {
        throw new GpConnectError('BAD_REQUEST', 'Request body is not valid JSON');
      }
      const request = checkParameters(body);
      const bundle = this.builder.build(request, traceId);
      send(res, 200, bundle, { 'cache-control': 'no-store' }, FHIR_JSON_UTF8);
    } catch (e) {
      if (!(e instanceof GpConnectError)) throw e;
      const { status, body } = gpConnectErrorBody(e.code, e.diagnostics, e.status);
      send(res, status, body, {}, FHIR_JSON_UTF8);
    }
  }
}
