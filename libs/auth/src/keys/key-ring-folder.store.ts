/* eslint-disable security/detect-non-literal-fs-filename -- the key folder comes from an operator setting (NHS_KEY_DIR), never from a request */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyRotationError, type KeyRing } from './key-ring';
import { isKeyRing, ROTATION_LOCK_MS, type KeyRingStore } from './key-ring.store';

/**
 * The key ring as `ring.json` in NHS_KEY_DIR (owner-only), replaced atomically (temporary file, then
 * rename) so a reader never sees half a ring; the rotation lock is a `rotate.lock` file created
 * exclusively (O_EXCL), so instances sharing the folder never rotate at once.
 */
export class FolderKeyRingStore implements KeyRingStore {
  constructor(readonly where: string) {}

  private get ringFile(): string {
    return join(this.where, 'ring.json');
  }

  async load(): Promise<KeyRing | undefined> {
    let text: string;
    try {
      text = readFileSync(this.ringFile, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    const ring: unknown = JSON.parse(text);
    if (!isKeyRing(ring)) throw new Error(`${this.ringFile} is not a key ring`);
    return ring;
  }

  async save(ring: KeyRing): Promise<void> {
    mkdirSync(this.where, { recursive: true, mode: 0o700 });
    const tmp = `${this.ringFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(ring, null, 2), { mode: 0o600, flush: true });
      renameSync(tmp, this.ringFile);
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    mkdirSync(this.where, { recursive: true, mode: 0o700 });
    const lock = join(this.where, 'rotate.lock');
    const fd = this.claim(lock) ?? (this.stale(lock) ? (rmSync(lock, { force: true }), this.claim(lock)) : undefined);
    if (fd === undefined) throw new KeyRotationError('busy', 'Another instance is rotating the NHS signing key');
    closeSync(fd);
    try {
      return await fn();
    } finally {
      rmSync(lock, { force: true });
    }
  }

  private claim(lock: string): number | undefined {
    try {
      return openSync(lock, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw e;
    }
  }

  private stale(lock: string): boolean {
    try {
      return Date.now() - statSync(lock).mtimeMs > ROTATION_LOCK_MS;
    } catch {
      return true;
    }
  }
}
