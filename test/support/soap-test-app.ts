import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestingModule } from '@nestjs/testing';
import { loadConfig } from '@gw/config';
import { SoapConfig } from '@gw/soap';
import { registerBodyParsers } from '../../apps/gateway/src/platform/body-parsers';

/**
 * A Nest app around a test module that hosts the SOAP controller, on the gateway's HTTP adapter
 * (Fastify) with the gateway's SOAP body parsing, without the rest of the platform (createGatewayApp).
 */
export function createSoapTestApp(
  mod: TestingModule,
  maxBodyBytes = loadConfig(SoapConfig, process.env).SOAP_MAX_BODY_BYTES,
): INestApplication {
  const adapter = new FastifyAdapter();
  registerBodyParsers(adapter.getInstance() as unknown as Parameters<typeof registerBodyParsers>[0], maxBodyBytes);
  return mod.createNestApplication<NestFastifyApplication>(adapter, { logger: false });
}
