import { Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { configProvider } from '@gw/config';
import { CacheConfig, createRedisConnection } from '@gw/cache';
import { PlatformConfig } from './platform.config';
import { RedisThrottlerStorage } from './redis-throttler.storage';

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** The throttler's counter store: Redis (shared by all instances) when REDIS_URL is set, else per process. */
@Module({
  providers: [
    configProvider(PlatformConfig),
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [CacheConfig],
      useFactory: (cache: CacheConfig) =>
        cache.REDIS_URL
          ? new RedisThrottlerStorage(
              createRedisConnection(cache.REDIS_URL, 'gw-throttler', cache.CACHE_OP_TIMEOUT_MS),
              cache.CACHE_NAMESPACE,
            )
          : new ThrottlerStorageService(),
    },
  ],
  exports: [PlatformConfig, RATE_LIMIT_STORAGE],
})
export class RateLimitModule {}
