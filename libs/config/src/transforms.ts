import { Transform } from 'class-transformer';

/**
 * Env booleans: "true"/"1"/"yes" are true, "false"/"0"/"no" false; anything else stays a string and fails @IsBoolean.
 * Reads the env text itself (`obj[key]`): on a property typed `boolean`, implicit conversion has already
 * turned "false" into `Boolean("false")`, i.e. true, by the time `value` arrives.
 */
export function EnvBoolean(): PropertyDecorator {
  return Transform(({ value, obj, key }) => {
    const raw: unknown = (obj as Record<string, unknown> | undefined)?.[key] ?? value;
    if (typeof raw === 'boolean') return raw;
    const s = String(raw).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
    return raw;
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
