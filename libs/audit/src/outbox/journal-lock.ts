/* eslint-disable security/detect-non-literal-fs-filename -- the lock lives in the operator's journal folder */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/lock` for this process: a journal has one writer, since its cursor is kept in memory.
 * A lock left by a process that is gone (killed) is taken over. Returns false while another live
 * process holds it.
 */
export function lockJournal(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (holder === process.pid) return true;
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

export function unlockJournal(dir: string): void {
  const lock = join(dir, 'lock');
  try {
    if (Number(readFileSync(lock, 'utf8').trim()) === process.pid) rmSync(lock, { force: true });
  } catch {
    // Already gone.
  }
}
