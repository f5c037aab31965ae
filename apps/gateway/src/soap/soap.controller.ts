import { Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  buildWsdl,
  IheDispatcher,
  SchemaFiles,
  SoapConfig,
  SoapEdgeService,
  SoapFault,
  soapFaultResponse,
  type SoapHttpResponse,
} from '@gw/soap';
import type { GatewayRequest, GatewayResponse } from '../common/http.types';
import { PlatformConfig } from '../platform/platform.config';
import { readRawBody } from './raw-body.util';
import { serviceBaseUrl } from './service-address.util';

/**
 * The SOAP endpoints: one per transaction (/SOAP/iti47, /SOAP/iti55, /SOAP/iti38, /SOAP/iti39, as
 * existing partner configurations use; /SOAP/iti18, /SOAP/iti43 for the XDS.b registry and repository) and /SOAP routed by wsa:Action alone. All processing is in
 * SoapEdgeService; this controller moves bytes and serves `?wsdl`.
 */
/** The endpoint names partner configurations use. */
const ENDPOINT = ApiParam({
  name: 'endpoint',
  enum: ['iti47', 'iti55', 'iti38', 'iti39', 'iti18', 'iti43'],
  description: 'Transaction endpoint',
});

@ApiTags('soap')
@Controller('SOAP')
export class SoapController {
  private readonly logger = new Logger(SoapController.name);

  constructor(
    private readonly edge: SoapEdgeService,
    private readonly dispatcher: IheDispatcher,
    private readonly cfg: SoapConfig,
    private readonly platform: PlatformConfig,
    private readonly schemas: SchemaFiles,
  ) {}

  // Fastify's wildcard is a bare trailing '*', read as the '*' parameter.
  @Get('schemas/*')
  @ApiOperation({ summary: 'An XML schema the WSDLs include (HL7 v3, ebRS 3.0, XDS.b), e.g. /SOAP/schemas/nist-toolkit/v3/query.xsd' })
  @ApiProduces('application/xml')
  @ApiResponse({ status: 200, description: 'The schema' })
  @ApiResponse({ status: 404, description: 'No such schema' })
  schema(@Param('*') path: string, @Res() reply: GatewayResponse): void {
    const file = this.schemas.read(path);
    if (!file) {
      void reply.code(404).type('text/plain').send('No such schema');
      return;
    }
    void reply.code(200).type('application/xml').header('Cache-Control', 'public, max-age=3600').send(file);
  }

  @Post()
  @ApiOperation({ summary: 'Any IHE transaction (ITI-47/55/38/39/18/43), routed by wsa:Action; SOAP 1.2, MTOM or not' })
  @ApiConsumes('application/soap+xml', 'multipart/related')
  @ApiProduces('application/soap+xml')
  @ApiResponse({ status: 200, description: 'SOAP 1.2 response' })
  @ApiResponse({ status: 400, description: 'SOAP 1.2 Sender Fault' })
  async any(@Req() req: GatewayRequest, @Res() res: GatewayResponse): Promise<void> {
    await this.serve(undefined, req, res);
  }

  @Post(':endpoint')
  @ApiOperation({ summary: 'One IHE transaction endpoint (SOAP 1.2, MTOM or not); the WSDL is at GET ?wsdl' })
  @ENDPOINT
  @ApiConsumes('application/soap+xml', 'multipart/related')
  @ApiProduces('application/soap+xml')
  @ApiResponse({ status: 200, description: 'SOAP 1.2 response' })
  @ApiResponse({ status: 400, description: 'SOAP 1.2 Sender Fault' })
  async endpoint(@Param('endpoint') endpoint: string, @Req() req: GatewayRequest, @Res() res: GatewayResponse): Promise<void> {
    await this.serve(endpoint, req, res);
  }

  @Get(':endpoint')
  @ApiOperation({ summary: 'The WSDL of a transaction endpoint (GET /SOAP/{endpoint}?wsdl)' })
  @ENDPOINT
  @ApiProduces('text/xml')
  @ApiResponse({ status: 200, description: 'WSDL 1.1 with a SOAP 1.2 binding' })
  @ApiResponse({ status: 404, description: 'No ?wsdl query, or unknown endpoint' })
  wsdl(@Param('endpoint') endpoint: string, @Req() req: GatewayRequest, @Res() reply: GatewayResponse): void {
    const routes = this.dispatcher.routesForEndpoint(endpoint);
    const query = new URL(req.url, 'http://x').searchParams;
    if (![...query.keys()].some((k) => k.toLowerCase() === 'wsdl') || !routes.length) {
      void reply.code(404).type('text/plain').send('Not found; POST SOAP 1.2 here, or GET ?wsdl');
      return;
    }
    const base = serviceBaseUrl(req.raw, { publicBaseUrl: this.cfg.SOAP_PUBLIC_BASE_URL, trustProxyHops: this.platform.TRUST_PROXY_HOPS });
    const location = `${base}/SOAP/${endpoint}`;
    const wsdl = buildWsdl(routes[0].options.service, routes, location, {
      baseUrl: `${base}/SOAP/schemas/`,
      fileFor: (el) => this.schemas.fileFor(el),
    });
    void reply.code(200).type('text/xml; charset=utf-8').send(wsdl);
  }

  private async serve(endpoint: string | undefined, req: GatewayRequest, reply: GatewayResponse): Promise<void> {
    const raw = await readRawBody(req, this.cfg.SOAP_MAX_BODY_BYTES);
    let out: SoapHttpResponse;
    if (raw.kind === 'aborted') {
      this.logger.warn('SOAP request aborted by the client');
      return;
    }
    if (raw.kind === 'too-large') {
      out = soapFaultResponse(SoapFault.sender(`Request body exceeds ${this.cfg.SOAP_MAX_BODY_BYTES} bytes`), { status: 413 });
      reply.header('Connection', 'close');
    } else {
      out = await this.edge.handle({
        endpoint,
        contentType: req.headers['content-type'],
        body: raw.body,
        requestId: String(req.id),
        headers: req.headers,
      });
    }
    if (out.headers) reply.headers(out.headers);
    if (out.contentType) reply.type(out.contentType);
    void reply.code(out.status).send(out.body);
  }
}
