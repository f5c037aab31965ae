/** NHS number check (modulus 11, weights 10..2); check digit 10 means the number is invalid. */
export function isValidNhsNumber(value: string): boolean {
  if (value.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (10 - i);
  }
  const last = value.charCodeAt(9) - 48;
  if (last < 0 || last > 9) return false;
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === last;
}

/** Strips the spaces NHS numbers are often written with (`969 093 7286`). */
export function normaliseNhsNumber(value: string): string {
  let out = '';
  for (const ch of value) if (ch !== ' ' && ch !== '-') out += ch;
  return out;
}
