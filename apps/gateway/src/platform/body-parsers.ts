import type { FastifyInstance } from 'fastify';
import { SOAP_MEDIA_TYPES } from '@gw/soap';

/**
 * The request bodies the gateway reads beside JSON and HTML forms (the admin sign-in), which the Nest
 * Fastify adapter parses itself, up to its bodyLimit (BODY_LIMIT), when the app initialises. Over a
 * limit Fastify answers 413, which the exception filter turns into a SOAP Fault for SOAP types.
 * - SOAP media types (SOAP_MEDIA_TYPES): the raw Buffer, up to `soapMaxBytes` (SOAP_MAX_BODY_BYTES),
 *   since charsets vary and MTOM parts are binary;
 * - any other type: left unread (no body), as a route that needs none expects; Fastify would otherwise
 *   answer 415 before routing, and the SOAP endpoints answer a wrong type with a SOAP Fault instead.
 */
export function registerBodyParsers(fastify: FastifyInstance, soapMaxBytes: number): void {
  fastify.addContentTypeParser([...SOAP_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: soapMaxBytes }, (_req, body, done) =>
    done(null, body),
  );
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}
