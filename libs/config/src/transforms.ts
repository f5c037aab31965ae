import { Transform } from 'class-transformer';

/** Env booleans: "true"/"1"/"yes" are true, "false"/"0"/"no" false; anything else stays a string and fails @IsBoolean. */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value }) => {
    if (typeof value === 'boolean') return value;
    const s = String(value).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
    return value;
  });
}

/** Comma-separated env lists → string[] (empty items dropped). */
export function EnvList(): PropertyDecorator {
  return Transform(({ value }) =>
    Array.isArray(value)
      ? value
      : String(value ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
  );
}
