/* eslint-disable security/detect-non-literal-fs-filename -- the journal lives in the operator's folder (AUDIT_JOURNAL_DIR) */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditRecord } from '../audit-event';
import { AuditOutbox, type AppendResult, type OutboxEntry } from './audit-outbox';

/** Once everything in the journal is delivered and it is this large, it becomes `journal.prev.ndjson` and a new one starts. */
const ROTATE_BYTES = 4 * 1024 * 1024;
/**
 * The cursor file is replaced at most this often. A delivery confirmed since the last save is sent again
 * after a crash (delivery is at least once anyway, a duplicate has the same id); saving per confirm cost
 * a write and a rename per audited request.
 */
const CURSOR_SAVE_INTERVAL_MS = 200;
/** Most bytes read per claim; a claim returns the complete lines inside it. */
const READ_CHUNK = 4 * 1024 * 1024;

/**
 * The outbox without Redis: one append-only NDJSON file per instance (`journal.ndjson`, one record a
 * line, each appended with a single write so a killed process leaves no half line) and a cursor file
 * holding the byte offset of the first undelivered record, replaced atomically (write, rename) after
 * a confirmed send: at once when the last save is older than CURSOR_SAVE_INTERVAL_MS, else once that
 * interval is over, and on rotation and close. A restart resumes from the cursor. One writing process
 * per folder (journal-lock.ts), so the journal stays open (append mode, read at offsets) and its size
 * is known without asking the file system: an append is one `write` on the request's path, a claim one
 * `read`, not an open, write or read, and close each.
 */
export class FileJournalOutbox extends AuditOutbox {
  readonly kind = 'file' as const;
  private readonly journal: string;
  private readonly previous: string;
  private readonly cursorFile: string;
  private cursor: number;
  private undelivered: number;
  /** The journal's length in bytes: everything this process wrote, since no other process writes it. */
  private bytes: number;
  private fd: number | undefined;
  private savedCursor: number;
  private lastSaveAt = 0;
  private pendingSave: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string,
    private readonly maxRecords: number,
    /** Called by close(); true when this was the journal's last user. */
    private readonly release: () => boolean = () => true,
  ) {
    super();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.journal = join(dir, 'journal.ndjson');
    this.previous = join(dir, 'journal.prev.ndjson');
    this.cursorFile = join(dir, 'cursor');
    const size = existsSync(this.journal) ? statSync(this.journal).size : 0;
    this.bytes = size;
    const saved = existsSync(this.cursorFile) ? Number(readFileSync(this.cursorFile, 'utf8').trim()) : 0;
    // A cursor past the end means the journal was rotated just before the cursor was reset.
    this.cursor = Number.isSafeInteger(saved) && saved >= 0 && saved <= size ? saved : 0;
    this.savedCursor = this.cursor;
    this.undelivered = this.linesFrom(this.cursor);
  }

  append(record: AuditRecord): AppendResult {
    if (this.undelivered >= this.maxRecords) return 'full';
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    // One write per line: a process killed mid-append leaves a whole line or none.
    writeSync(this.journalFd(), line);
    this.bytes += line.length;
    this.undelivered++;
    return 'queued';
  }

  claim(max: number): Promise<OutboxEntry[]> {
    const entries: OutboxEntry[] = [];
    let offset = this.cursor;
    const text = this.read(offset, Math.min(READ_CHUNK, this.bytes - offset));
    for (const line of completeLines(text)) {
      if (entries.length >= max) break;
      offset += Buffer.byteLength(line) + 1;
      entries.push({ ref: String(offset), record: JSON.parse(line) as AuditRecord });
    }
    return Promise.resolve(entries);
  }

  confirm(entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return Promise.resolve();
    // Claimed entries are consecutive lines from the cursor, so the ones past it are the newly delivered.
    const delivered = entries.filter((e) => Number(e.ref) > this.cursor);
    if (!delivered.length) return Promise.resolve();
    this.undelivered -= delivered.length;
    this.cursor = Math.max(...delivered.map((e) => Number(e.ref)));
    if (this.cursor === this.bytes && this.cursor >= ROTATE_BYTES) {
      this.closeJournal();
      renameSync(this.journal, this.previous);
      this.cursor = 0;
      this.bytes = 0;
      // At once: a stale cursor inside the new journal, once it grows past it, would skip records.
      this.saveCursor();
    } else this.scheduleCursorSave();
    return Promise.resolve();
  }

  backlog(): Promise<number> {
    return Promise.resolve(this.undelivered);
  }

  recent(limit: number): Promise<AuditRecord[]> {
    const fromCurrent = tail(this.journal, limit);
    const older = fromCurrent.length < limit ? tail(this.previous, limit - fromCurrent.length) : [];
    return Promise.resolve([...older, ...fromCurrent].map((l) => JSON.parse(l) as AuditRecord));
  }

  close(): Promise<void> {
    try {
      this.saveCursor();
    } finally {
      this.closeJournal();
      this.release();
    }
    return Promise.resolve();
  }

  private scheduleCursorSave(): void {
    if (this.pendingSave) return;
    const wait = this.lastSaveAt + CURSOR_SAVE_INTERVAL_MS - Date.now();
    if (wait <= 0) return this.saveCursor();
    // Unref'd: a pending save never keeps the process up; close() saves what is left.
    this.pendingSave = setTimeout(() => {
      try {
        this.saveCursor();
      } catch {
        // Left unsaved: the interval has passed, so the next confirm saves at once and its error reaches the sender.
      }
    }, wait).unref();
  }

  private saveCursor(): void {
    clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
    if (this.cursor === this.savedCursor) return;
    const tmp = `${this.cursorFile}.tmp`;
    writeFileSync(tmp, String(this.cursor), { mode: 0o600 });
    renameSync(tmp, this.cursorFile);
    this.savedCursor = this.cursor;
    this.lastSaveAt = Date.now();
  }

  private journalFd(): number {
    this.fd ??= openSync(this.journal, 'a+', 0o600);
    return this.fd;
  }

  private closeJournal(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private read(offset: number, length: number): string {
    if (length <= 0) return '';
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(this.journalFd(), buf, 0, length, offset);
    return buf.subarray(0, n).toString('utf8');
  }

  private linesFrom(offset: number): number {
    let count = 0;
    for (let at = offset, size = this.bytes; at < size; at += READ_CHUNK) count += newlines(this.read(at, Math.min(READ_CHUNK, size - at)));
    return count;
  }
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The lines of `text` that end with a newline (a last line still being written is left for later). */
function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  return end === -1 ? [] : text.slice(0, end).split('\n');
}

/** The last `limit` lines of a file, reading only its end. */
function tail(path: string, limit: number): string[] {
  if (limit <= 0 || !existsSync(path)) return [];
  const size = statSync(path).size;
  const length = Math.min(size, limit * 4096);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = completeLines(buf.toString('utf8'));
    // The first line may be cut by the read window, unless the window starts at the file's beginning.
    return (length < size ? lines.slice(1) : lines).slice(-limit);
  } finally {
    closeSync(fd);
  }
}
