import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';

/**
 * A gateway that runs out of heap must die by its own hand (one JSON fatal line, see main.ts) and
 * be restarted: the V8 heap limit of the image sits below the container's memory limit, and the
 * container restarts. No Docker engine runs here, so the files are checked.
 */
const ROOT = resolve(__dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

function megabytes(size: string): number {
  const m = /^(\d+)([kmg])?b?$/i.exec(size.trim())!;
  const unit = { k: 1 / 1024, m: 1, g: 1024 }[(m[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

describe('crash and restart settings of the gateway container', () => {
  const compose = load(read('docker-compose.yml')) as { services: Record<string, { mem_limit?: string; restart?: string }> };
  const heapMb = Number(/--max-old-space-size=(\d+)/.exec(read('Dockerfile'))?.[1]);

  it('sets a V8 heap limit in the image, below the container memory limit with room for buffers and code', () => {
    const gateway = compose.services.gateway;
    expect(heapMb).toBeGreaterThan(0);
    expect(megabytes(gateway.mem_limit ?? '0')).toBeGreaterThanOrEqual(heapMb * 1.25);
  });

  it('restarts the gateway when it exits', () => {
    expect(compose.services.gateway.restart).toBe('unless-stopped');
  });
});
