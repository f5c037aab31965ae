/**
 * An error as a log line without its message. Messages can quote input (a JSON parser's snippet,
 * a converter's value), and input here is patient data; the name, an error code and the stack
 * frames are enough to find the fault.
 */
export function describeErrorSafely(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as { code?: unknown }).code;
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 8)
    .join('\n');
  return `${e.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}${frames ? `\n${frames}` : ''}`;
}
