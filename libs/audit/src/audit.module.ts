import { Global, Module } from '@nestjs/common';
import { CacheConfig } from '@gw/cache';
import { configProvider, OPTIONAL_CONFIG_ENV } from '@gw/config';
import { AuditConfig } from './audit.config';
import { AuditService } from './audit.service';
import { AuditOutbox } from './outbox/audit-outbox';
import { createAuditOutbox } from './outbox/outbox.factory';
import { AuditSender } from './sender/audit-sender.service';
import type { AuditSink } from './sink/audit-sink';
import { AUDIT_SINK, createAuditSink } from './sink/sink.factory';

/** Global: every transaction handler and the admin API record through the one AuditService. */
@Global()
@Module({
  providers: [
    configProvider(AuditConfig),
    configProvider(CacheConfig),
    {
      provide: AuditOutbox,
      useFactory: (cfg: AuditConfig, cache: CacheConfig, env?: NodeJS.ProcessEnv) => createAuditOutbox(cfg, cache, env ?? process.env),
      inject: [AuditConfig, CacheConfig, OPTIONAL_CONFIG_ENV],
    },
    { provide: AUDIT_SINK, useFactory: createAuditSink, inject: [AuditConfig] },
    {
      provide: AuditService,
      useFactory: (cfg: AuditConfig, outbox: AuditOutbox) => new AuditService(cfg, outbox),
      inject: [AuditConfig, AuditOutbox],
    },
    {
      provide: AuditSender,
      useFactory: (cfg: AuditConfig, outbox: AuditOutbox, sink: AuditSink, audit: AuditService) => {
        const sender = new AuditSender(cfg, outbox, sink);
        audit.onAppended(() => sender.nudge());
        return sender;
      },
      inject: [AuditConfig, AuditOutbox, AUDIT_SINK, AuditService],
    },
  ],
  exports: [AuditService, AuditConfig],
})
export class AuditModule {}
