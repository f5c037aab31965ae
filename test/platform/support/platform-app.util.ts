import { Body, Controller, Get, HttpCode, Module, Post, Req } from '@nestjs/common';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayCacheModule } from '@gw/cache';
import { resetConfigCache } from '@gw/config';
import { PlatformModule } from '../../../apps/gateway/src/platform/platform.module';
import { createGatewayApp } from '../../../apps/gateway/src/platform/create-gateway-app';
import type { GatewayRequest } from '../../../apps/gateway/src/common/http.types';

class ProbeDto {
  @IsString()
  name: string;

  @IsInt()
  @Min(1)
  @Max(10)
  count: number;
}

/** Routes that exist only in these tests, to observe what the platform hands a controller. */
@Controller('test')
class ProbeController {
  @Post('raw')
  @HttpCode(200)
  raw(@Req() req: GatewayRequest): { isBuffer: boolean; length: number; hex: string } {
    const body = req.body;
    return Buffer.isBuffer(body)
      ? { isBuffer: true, length: body.length, hex: body.toString('hex') }
      : { isBuffer: false, length: JSON.stringify(body ?? null).length, hex: '' };
  }

  @Post('json')
  @HttpCode(200)
  json(@Req() req: GatewayRequest): unknown {
    return { received: req.body };
  }

  @Post('dto')
  @HttpCode(200)
  dto(@Body() body: ProbeDto): { isDto: boolean; body: ProbeDto } {
    return { isDto: body instanceof ProbeDto, body };
  }

  @Get('slow')
  async slow(): Promise<{ done: true }> {
    await new Promise((r) => setTimeout(r, 400));
    return { done: true };
  }

  @Get('ping')
  ping(): { pong: true } {
    return { pong: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2 at /srv/internal/thing.ts:42');
  }
}

@Module({ imports: [PlatformModule, GatewayCacheModule], controllers: [ProbeController] })
class PlatformTestModule {}

/** Boots the real platform stack (createGatewayApp) around the probe routes on a free loopback port. */
export async function startPlatformApp(
  env: Record<string, string | undefined>,
): Promise<{ app: NestFastifyApplication; url: string; close(): Promise<void> }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({ LOG_LEVEL: 'silent', ...env })) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigCache();
  const app = await createGatewayApp({ module: PlatformTestModule });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetConfigCache();
    },
  };
}

/** A stand-in NHS endpoint that answers every request with 401, as the real ones do without a token. */
export async function startFakeUpstream(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.writeHead(401, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/base`,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
