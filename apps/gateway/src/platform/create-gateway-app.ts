import { Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ConfigEnvModule, envWith, loadConfig, type EnvOverlay } from '@gw/config';
import { ObservabilityConfig, requestIdFor, tracingEnabled } from '@gw/observability';
import { SoapConfig } from '@gw/soap';
import type { IncomingMessage } from 'node:http';
import { ADMIN_BEARER } from '../admin/admin-api.decorator';
import { answerClientError, allowRequestsWithoutHost, requireHostHeader } from '../common/http-framing';
import type { RawRequest } from '../common/http.types';
import { requestIdMiddleware } from '../common/request-id.middleware';
import { httpMetricsHook } from '../metrics/http-metrics.hook';
import { heapGuard } from './heap-guard.middleware';
import { PlatformConfig } from './platform.config';
import { HttpDrain } from './shutdown/http-drain.service';
import { byteSize } from './byte-size.util';
import { registerBodyParsers } from './body-parsers';

export interface GatewayAppOptions {
  /** Root module; defaults to GatewayModule. Platform tests pass a smaller one. */
  module?: Type<unknown>;
  /**
   * Settings read on top of `process.env` by every config class of this app (the NHS endpoints of a
   * sandbox the development entry point or a test started); `process.env` itself is never written.
   */
  env?: EnvOverlay;
}

/** Loaded on first use, so a test booting a smaller module does not load the whole gateway graph. */
function defaultModule(): Type<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../gateway.module') as typeof import('../gateway.module')).GatewayModule;
}

/**
 * Builds and configures the gateway app without listening, so main.ts and e2e tests (listening on
 * port 0) run exactly the same HTTP stack. Nest runs on Fastify (@nestjs/platform-fastify): on this
 * workload the framework alone costs about a quarter of what Express did
 * (test/bench/http-adapter.bench.ts, docs/performance.md).
 * - bodies (body-parsers.ts): JSON and forms up to BODY_LIMIT; SOAP media types (SOAP_MEDIA_TYPES) arrive
 *   as a raw Buffer in the request's body, up to SOAP_MAX_BODY_BYTES; over a limit → 413 (a SOAP Fault
 *   for SOAP types); other types are left unread;
 * - helmet security headers, CORS only for CORS_ORIGINS, trust proxy by hops, keep-alive and request
 *   timeouts; requests Node's parser refuses answered with a body (http-framing.ts);
 * - pino JSON logs, HTTP metrics (and a server span when tracing is on), global exception filter;
 * - Swagger UI at /docs (OpenAPI JSON at /docs-json) with the admin bearer scheme;
 * - the shutdown drain (HttpDrain): app.close() stops the listener and lets in-flight requests
 *   finish before the NHS clients and Redis close.
 */
export async function createGatewayApp(options: GatewayAppOptions = {}): Promise<NestFastifyApplication> {
  const env = envWith(options.env);
  const platform = loadConfig(PlatformConfig, env);
  const soap = loadConfig(SoapConfig, env);
  const hops = platform.TRUST_PROXY_HOPS;
  const adapter = new FastifyAdapter({
    bodyLimit: byteSize(platform.BODY_LIMIT),
    // The id is given before anything else runs, so even a request refused by a parser has one; pino-http reuses it.
    genReqId: (req: IncomingMessage) => ((req as RawRequest).id ??= requestIdFor(req)) as string,
    // The nearest `hops` addresses of X-Forwarded-For are proxies' (proxy-addr's hop rule, as Express applied it).
    trustProxy: hops > 0 ? (_address: string, hop: number) => hop < hops : false,
    clientErrorHandler: answerClientError(new NestLogger('HttpServer')),
    // Routes match as Express matched them, which partner configurations were written against: regardless of
    // case (/soap/iti38) and of a trailing slash. Parameter values keep their case (schema file names).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(ConfigEnvModule.around(options.module ?? defaultModule(), env), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = platform.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  // Node requires headersTimeout > keepAliveTimeout, else a reused connection can be cut mid-headers.
  server.headersTimeout = platform.HTTP_KEEP_ALIVE_TIMEOUT_MS + 1_000;
  server.requestTimeout = Math.max(platform.HTTP_REQUEST_TIMEOUT_MS, server.headersTimeout);
  allowRequestsWithoutHost(server);
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify, soap.SOAP_MAX_BODY_BYTES);
  fastify.addHook('onRequest', httpMetricsHook(tracingEnabled(loadConfig(ObservabilityConfig, env))));

  // First: every request is counted for the shutdown drain, and told to close its connection once it began.
  app.use(app.get(HttpDrain).middleware);
  app.use(requestIdMiddleware);
  app.use(requireHostHeader);
  // Helmet's defaults, except upgrade-insecure-requests: the gateway speaks plain HTTP behind a
  // TLS-terminating proxy or on a private network, and the directive would break /docs over http://.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (platform.CORS_ORIGINS.length) {
    app.enableCors({
      origin: platform.CORS_ORIGINS.includes('*') ? true : platform.CORS_ORIGINS,
      methods: ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-ID', 'SOAPAction'],
      exposedHeaders: ['X-Request-ID', 'Retry-After'],
      maxAge: 600,
    });
  }
  // Before any body is read: refuses large bodies while the heap is near its limit.
  app.use(heapGuard({ ratio: platform.HEAP_GUARD_RATIO, minBodyBytes: platform.HEAP_GUARD_MIN_BODY_BYTES }));

  if (platform.SWAGGER_ENABLED) {
    const doc = new DocumentBuilder()
      .setTitle('GP record gateway')
      .setDescription(
        // Markdown: angle brackets outside code spans would be read as HTML tags and vanish.
        'Operations API of the IHE gateway (the SOAP endpoints are described by their WSDLs at `/SOAP/{endpoint}?wsdl`). ' +
          'Admin routes need `Authorization: Bearer {ADMIN_API_KEY}`.',
      )
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addSecurity(ADMIN_BEARER, {
        // An opaque key, not a JWT (addBearerAuth would label it bearerFormat: JWT).
        type: 'http',
        scheme: 'bearer',
        description: 'The ADMIN_API_KEY value',
      })
      .build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
