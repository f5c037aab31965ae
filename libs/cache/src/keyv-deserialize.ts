import type { DeserializedData, Keyv } from 'keyv';

/** Above this length the reviver costs less than scanning the text for its markers (one large string value). */
const SCAN_LIMIT = 64 * 1024;

/**
 * Where a JSON string token begins with a colon: after `:`, `,`, `[`, whitespace, or at the start.
 * The closing quote of a key (`"k":`) is preceded by the key's last character, and an escaped quote
 * inside a string by a backslash, so neither matches unless the key itself ends that way (then the
 * default path runs, which is always correct).
 */
const COLON_STRING = /(?:^|[:,[\s])":/;

/**
 * Keyv's default deserializer runs a reviver over every value of every read, to undo the two markers
 * its serializer writes: a string value that starts with `:` gets one more `:`, and a Buffer becomes
 * `":base64:…"`. Both put a string token starting with a colon in the text; a text without one parses
 * to the same value with a plain JSON.parse, which skips the reviver (it was the cache's largest cost
 * on a cached query: the patient, status and document-pointer reads). Writes are unchanged, so every
 * instance and every earlier release reads what this one writes, and the other way round.
 */
export function useFastDeserialize(keyv: Keyv): void {
  const fallback = keyv.deserialize;
  if (!fallback) return;
  keyv.deserialize = <T>(text: string) =>
    text.length > SCAN_LIMIT || COLON_STRING.test(text) ? fallback<T>(text) : (JSON.parse(text) as DeserializedData<T>);
}
