/**
 * SQL LIKE as XDS uses it for AuthorPerson: `%` matches any run of characters, `_` exactly one,
 * everything else itself (case-sensitive). The pattern comes from the request, so this walks the
 * two strings with one backtrack point (the last `%`) instead of compiling a regular expression:
 * the work is bounded by pattern length × value length whatever the pattern, where a `^.*a.*a…$`
 * regex built from `%a%a…` backtracks polynomially in the number of `%`.
 */
export function sqlLike(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let lastPercent = -1;
  let resumeAt = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (p < pattern.length && c !== '%' && (c === '_' || c === value[v])) {
      p++;
      v++;
    } else if (c === '%') {
      lastPercent = p++;
      resumeAt = v;
    } else if (lastPercent >= 0) {
      p = lastPercent + 1;
      v = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pattern[p] === '%') p++;
  return p === pattern.length;
}
