import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { loadConfig, OPTIONAL_CONFIG_ENV } from '@gw/config';
import { loggerParams, ObservabilityConfig } from '@gw/observability';
import { AdminModule } from '../admin/admin.module';
import { AllExceptionsFilter } from '../common/all-exceptions.filter';
import { HealthModule } from '../health/health.module';
import { MetricsModule } from '../metrics/metrics.module';
import { PlatformConfig } from './platform.config';
import { RATE_LIMIT_STORAGE, RateLimitModule } from './rate-limit.module';
import { ShutdownModule } from './shutdown/shutdown.module';

/**
 * The house: JSON logging with request ids, rate limiting, the global exception filter, health,
 * metrics and the admin API base. HTTP-level pieces that must run before Nest's router (body
 * parsers, helmet, CORS, metrics middleware, Swagger) are set up in createGatewayApp.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [OPTIONAL_CONFIG_ENV],
      useFactory: (env?: NodeJS.ProcessEnv) => loggerParams(loadConfig(ObservabilityConfig, env ?? process.env)),
    }),
    ThrottlerModule.forRootAsync({
      imports: [RateLimitModule],
      inject: [PlatformConfig, RATE_LIMIT_STORAGE],
      useFactory: (cfg: PlatformConfig, storage: ThrottlerStorage) => ({
        throttlers: [
          {
            name: 'default',
            ttl: cfg.THROTTLE_TTL_MS,
            limit: cfg.THROTTLE_LIMIT,
            blockDuration: cfg.THROTTLE_BLOCK_MS ?? cfg.THROTTLE_TTL_MS,
          },
        ],
        storage,
        // The library hashes each key with SHA-256; the parts (route names and the client address) are short and
        // bounded already, so the plain key is used and the per-request hash is saved.
        generateKey: (context, tracker, name) => `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`,
      }),
    }),
    ShutdownModule,
    HealthModule,
    MetricsModule,
    AdminModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    // DTOs (class-validator) are checked on every route: unknown properties and bad values are a 400
    // naming each problem. Raw SOAP bodies (@Req) are not touched.
    { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
  ],
})
export class PlatformModule {}
