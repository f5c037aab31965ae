/** CRC16-XMODEM as Redis Cluster uses it (its spec, "Keys distribution model"). */
function crc16(data: Buffer): number {
  let crc = 0;
  for (const byte of data) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The hash slot of a key: of its first non-empty `{…}` hash tag when it has one, else of the whole key. */
export function clusterSlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  return crc16(Buffer.from(key, 'utf8')) % 16_384;
}

/** `{…}` around a part of a key, so every key built with the same part lands in one Cluster slot. */
export function hashTag(part: string): string {
  return `{${part.replace(/[{}]/g, '_')}}`;
}
