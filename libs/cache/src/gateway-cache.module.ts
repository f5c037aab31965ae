import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { configProvider } from '@gw/config';
import { CacheConfig } from './cache.config';
import { KeyValueStore } from './key-value-store';
import { createKeyValueStore } from './keyv-store.factory';
import { KeyvStore } from './keyv-store';
import { SharedSingleFlight } from './shared-flight';

/**
 * Provides the one `KeyValueStore` of the process to every module (global): Redis when REDIS_URL is
 * set, else in memory; and the `SharedSingleFlight` on it (across instances with Redis). Logs which store is active at boot, because running on memory by accident
 * (the silent fallback measured in stack.md §6) is the failure this guards against.
 */
@Global()
@Module({
  providers: [
    configProvider(CacheConfig),
    {
      provide: KeyValueStore,
      inject: [CacheConfig],
      useFactory: (cfg: CacheConfig): KeyValueStore => {
        const store = createKeyValueStore(cfg);
        new Logger(GatewayCacheModule.name).log(
          store.kind === 'redis'
            ? `Cache store: Redis (namespace "${cfg.CACHE_NAMESPACE}")`
            : 'Cache store: in-memory (REDIS_URL unset; entries are per process and lost on restart)',
        );
        return store;
      },
    },
    SharedSingleFlight,
  ],
  exports: [KeyValueStore, CacheConfig, SharedSingleFlight],
})
export class GatewayCacheModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(KeyValueStore) private readonly store: KeyValueStore,
    private readonly cfg: CacheConfig,
  ) {}

  /**
   * Waits (briefly) for the first Redis connection: with the offline queue off, a command sent while
   * connecting (or while Cluster/Sentinel discovery runs) would fail and degrade. Boot goes on after the wait.
   */
  async onModuleInit(): Promise<void> {
    if (this.store instanceof KeyvStore) await this.store.ready(Math.max(3_000, this.cfg.CACHE_OP_TIMEOUT_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.store instanceof KeyvStore) await this.store.close();
  }
}
