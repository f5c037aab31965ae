import { isAbsolute, join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { createRedisConnection, type CacheConfig } from '@gw/cache';
import type { AuditConfig } from '../audit.config';
import type { AuditOutbox } from './audit-outbox';
import { FileJournalOutbox } from './file-journal.outbox';
import { lockJournal, unlockJournal } from './journal-lock';
import { RedisStreamOutbox } from './redis-stream.outbox';

/** The journal folder: AUDIT_JOURNAL_DIR, else `audit/` in the gateway's state folder (GATEWAY_STATE_DIR, else `.state`). */
export function journalDir(cfg: AuditConfig, env: NodeJS.ProcessEnv): string {
  const dir = cfg.AUDIT_JOURNAL_DIR || join(env.GATEWAY_STATE_DIR || '.state', 'audit');
  return isAbsolute(dir) ? dir : resolve(dir);
}

/** One journal per folder in this process (several apps in one process share it); see lockJournal for other processes. */
const journals = new Map<string, { journal: FileJournalOutbox; users: number }>();

/**
 * The journal in `dir`, or, while another live process holds that folder, in `<dir>-<pid>` (logged:
 * records there are delivered by the next gateway started on that folder).
 */
export function openJournal(dir: string, maxRecords: number): FileJournalOutbox {
  const open = journals.get(dir);
  if (open) {
    open.users++;
    return open.journal;
  }
  let folder = dir;
  if (!lockJournal(dir)) {
    folder = `${dir}-${process.pid}`;
    new Logger('AuditOutbox').warn(`Audit journal ${dir} is held by another process: this one journals in ${folder}`);
    lockJournal(folder);
  }
  const journal = new FileJournalOutbox(folder, maxRecords, () => {
    const entry = journals.get(dir);
    if (entry && --entry.users > 0) return false;
    journals.delete(dir);
    unlockJournal(folder);
    return true;
  });
  journals.set(dir, { journal, users: 1 });
  return journal;
}

/** A Redis Stream when REDIS_URL is set (the local journal taking over while Redis does not answer), the local journal otherwise. */
export function createAuditOutbox(cfg: AuditConfig, cache: CacheConfig, env: NodeJS.ProcessEnv): AuditOutbox {
  const journal = openJournal(journalDir(cfg, env), cfg.AUDIT_OUTBOX_MAX_RECORDS);
  if (!cache.REDIS_URL) return journal;
  const redis = createRedisConnection(cache.REDIS_URL, 'gw-audit-outbox', 2_000);
  return new RedisStreamOutbox(redis, cache.CACHE_NAMESPACE, cfg.AUDIT_OUTBOX_MAX_RECORDS, cfg.AUDIT_SEND_LEASE_MS, journal);
}
