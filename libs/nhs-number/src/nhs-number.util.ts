/**
 * NHS number check (modulus 11): ten digits after removing spaces and hyphens, weights 10..2 on the
 * first nine, check = 11 − (sum mod 11), 11 → 0, 10 → never valid.
 */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isValidNhsNumber(input: string): boolean {
  const n = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(n)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(n[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(n[9]);
}
