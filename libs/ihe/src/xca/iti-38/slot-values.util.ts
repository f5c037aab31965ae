/**
 * Stored-query parameter values, parsed leniently (ITI TF-2 3.18.4.1.2.3.5): `'a'`, `('a','b')`,
 * unquoted `a` or `(a, b)`; `''` inside quotes is a literal quote. A Value that is not closed
 * keeps what follows as text, so a malformed value never matches anything by accident.
 */
export function parseSlotValue(raw: string): string[] {
  let s = raw.trim();
  if (s.startsWith('(') && s.endsWith(')')) s = s.slice(1, -1);
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /[\s,]/.test(s[i])) i++;
    if (i >= s.length) break;
    const quote = s[i] === "'" || s[i] === '"' ? s[i] : undefined;
    let item = '';
    if (quote) {
      i++;
      while (i < s.length) {
        if (s[i] === quote) {
          if (s[i + 1] === quote) {
            item += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        item += s[i++];
      }
      // Text after the closing quote up to the next comma belongs to this item (never dropped).
      while (i < s.length && s[i] !== ',') item += s[i++];
      out.push(item.trimEnd());
    } else {
      while (i < s.length && s[i] !== ',') item += s[i++];
      out.push(item.trim());
    }
  }
  return out.filter((v) => v !== '');
}

/** Values of one Slot: all of its Value elements, each possibly a list (OR). */
export function parseSlotValues(values: readonly string[]): string[] {
  return values.flatMap(parseSlotValue);
}
