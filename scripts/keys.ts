/**
 * The NHS signing key ring from the command line, on the store the gateway uses (NHS_KEY_STORE:
 * Redis at REDIS_URL, or the folder NHS_KEY_DIR), with the same settings as the gateway's environment.
 *   npm run keys -- list     kids, states and dates (never key material)
 *   npm run keys -- rotate   create the next key: published now, signing after NHS_KEY_ROTATION_OVERLAP_S
 */
import { Logger } from '@nestjs/common';
import { AuthConfig, KeyRotationError, KeyRotationService, SigningKeyService } from '@gw/auth';
import { CacheConfig, createKeyValueStore, type KeyvStore } from '@gw/cache';
import { loadConfig } from '@gw/config';

// stdout carries the JSON answer only; the services' log lines go to stderr.
const toStderr = (message: unknown) => void process.stderr.write(`${String(message)}\n`);
Logger.overrideLogger({ log: toStderr, warn: toStderr, error: toStderr });

async function main(command: string | undefined): Promise<number> {
  if (command !== 'list' && command !== 'rotate') {
    process.stderr.write('usage: npm run keys -- list | rotate\n');
    return 2;
  }
  const cfg = loadConfig(AuthConfig);
  const cache = loadConfig(CacheConfig);
  const kv: KeyvStore | undefined = cfg.NHS_KEY_STORE === 'redis' ? createKeyValueStore(cache) : undefined;
  try {
    const keys = new SigningKeyService(cfg, kv);
    await keys.refresh();
    const statuses = command === 'rotate' ? await new KeyRotationService(cfg, keys).rotate() : keys.statuses();
    process.stdout.write(`${JSON.stringify({ store: keys.store?.where ?? 'config', keys: statuses }, null, 2)}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`keys ${command}: ${(e as Error).message}\n`);
    return e instanceof KeyRotationError ? 3 : 1;
  } finally {
    await kv?.close();
  }
}

void main(process.argv[2]).then((code) => process.exit(code));
