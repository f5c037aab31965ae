const UNIT: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** A size as BODY_LIMIT spells it (512kb, 1mb, 2048; units of 1024, as body-parser's `bytes` read them) in bytes. */
export function byteSize(text: string): number {
  const m = /^(\d+)(b|kb|mb)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  return Number(m[1]) * UNIT[(m[2] ?? 'b').toLowerCase()];
}
