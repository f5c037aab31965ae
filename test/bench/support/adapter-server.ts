/**
 * A minimal HTTP app for the adapter benchmark (http-adapter.bench.ts), run as its own process:
 *
 *   node --import tsx test/bench/support/adapter-server.ts <nest-express|nest-fastify|express|fastify> <port>
 *
 * Two routes, the shapes of the gateway's traffic with none of its work: `GET /live` answers a small
 * JSON object (a health probe), `POST /soap` reads an `application/soap+xml` body whole as bytes (as
 * the SOAP controller does) and answers fixed XML. So the difference between two variants is the
 * framework and its adapter alone: routing, request and reply objects, body reading, Nest's pipeline.
 * Nothing here is the gateway's: no middleware, logging, guards or filters are added to any variant.
 */
import 'reflect-metadata';
import { Controller, Get, Module, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastify from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

// express ships no types here (the gateway does not depend on @types/express); the few calls used are typed below.
interface ExpressApp {
  disable(name: string): void;
  get(path: string, h: (req: IncomingMessage, res: ServerResponse & { json(b: unknown): void }) => void): void;
  post(path: string, mw: unknown, h: (req: IncomingMessage & Body, res: ServerResponse) => void): void;
  listen(port: number, host: string, cb: () => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as (() => ExpressApp) & { raw(o: { type: string; limit: number }): unknown };

const SOAP = 'application/soap+xml';
/** About the size of a cached ITI-38 answer's envelope head; the body's content does not matter here. */
const REPLY = Buffer.from(
  `<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">${'<x/>'.repeat(500)}</env:Envelope>`,
);
const LIVE = { status: 'ok' };

type Body = { body?: unknown };

// Constructor-less controllers: no decorator metadata is needed, so tsx can run them.
@Controller()
class ExpressRoutes {
  @Get('live')
  live(): object {
    return LIVE;
  }

  @Post('soap')
  soap(@Req() req: IncomingMessage & Body, @Res() res: ServerResponse): void {
    if (!Buffer.isBuffer(req.body)) throw new Error('no raw body');
    res.setHeader('Content-Type', SOAP);
    res.end(REPLY);
  }
}

@Controller()
class FastifyRoutes {
  @Get('live')
  live(): object {
    return LIVE;
  }

  @Post('soap')
  soap(@Req() req: Body, @Res() reply: { header(k: string, v: string): { send(b: Buffer): void } }): void {
    if (!Buffer.isBuffer(req.body)) throw new Error('no raw body');
    reply.header('Content-Type', SOAP).send(REPLY);
  }
}

@Module({ controllers: [ExpressRoutes] })
class ExpressAppModule {}

@Module({ controllers: [FastifyRoutes] })
class FastifyAppModule {}

/** As many `app.use` middlewares as the gateway mounts before its routes (drain, request id, host, metrics, heap guard, then helmet), each doing nothing. */
function passThroughMiddleware(app: { use(fn: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): unknown }): void {
  for (let i = 0; i < 5; i++) app.use((_req, _res, next) => next());
  app.use(helmet());
}

async function start(variant: string, port: number): Promise<void> {
  const withMiddleware = variant.endsWith('+mw');
  if (withMiddleware) variant = variant.slice(0, -3);
  switch (variant) {
    case 'nest-express': {
      const app = await NestFactory.create<NestExpressApplication>(ExpressAppModule, { bodyParser: false, logger: false });
      if (withMiddleware) passThroughMiddleware(app);
      app.useBodyParser('raw', { type: [SOAP], limit: 10 * 1024 * 1024 });
      await app.listen(port, '127.0.0.1');
      return;
    }
    case 'nest-fastify': {
      const app = await NestFactory.create<NestFastifyApplication>(FastifyAppModule, new FastifyAdapter({ bodyLimit: 10 * 1024 * 1024 }), {
        logger: false,
      });
      app
        .getHttpAdapter()
        .getInstance()
        .addContentTypeParser(SOAP, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      if (withMiddleware) passThroughMiddleware(app);
      await app.listen(port, '127.0.0.1');
      return;
    }
    case 'express': {
      const app = express();
      app.disable('x-powered-by');
      app.get('/live', (_req, res) => void res.json(LIVE));
      app.post('/soap', express.raw({ type: SOAP, limit: 10 * 1024 * 1024 }), (req, res) => {
        if (!Buffer.isBuffer(req.body)) throw new Error('no raw body');
        res.setHeader('Content-Type', SOAP);
        res.end(REPLY);
      });
      await new Promise<void>((r) => app.listen(port, '127.0.0.1', () => r()));
      return;
    }
    case 'fastify': {
      const app = fastify({ bodyLimit: 10 * 1024 * 1024 });
      app.addContentTypeParser(SOAP, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      app.get('/live', async () => LIVE);
      app.post('/soap', async (req, reply) => {
        if (!Buffer.isBuffer(req.body)) throw new Error('no raw body');
        return reply.header('Content-Type', SOAP).send(REPLY);
      });
      await app.listen({ port, host: '127.0.0.1' });
      return;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

start(process.argv[2], Number(process.argv[3])).catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
