import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { OPTIONAL_CONFIG_ENV } from './config-env';

/**
 * Environment configuration, one class per lib.
 *
 * Each lib declares the environment variables it reads as a class whose property names are the
 * variable names, with class-validator decorators and defaults as initialisers, and marks it with
 * `@EnvConfig()`. The class itself is the DI token (`configProvider(Cls)`), so a lib receives only
 * its own typed settings. `assertAllConfigValid()` runs before Nest boots and reports every bad key
 * of every registered class at once.
 */
export type ConfigClass<T extends object = object> = new () => T;

const registry = new Set<ConfigClass>();
const secretKeys = new WeakMap<ConfigClass, Set<string>>();
const cache = new Map<ConfigClass, object>();

/** Registers a config class so it is validated at boot and listed by the admin config view. */
export function EnvConfig(): ClassDecorator {
  return (target) => {
    registry.add(target as unknown as ConfigClass);
  };
}

/** Marks a key whose value is masked wherever config is shown. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const cls = target.constructor as ConfigClass;
    const set = secretKeys.get(cls) ?? new Set<string>();
    set.add(String(key));
    secretKeys.set(cls, set);
  };
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Type checks: when one fails, range and format messages about the same key are noise. */
const TYPE_CHECKS = ['isInt', 'isNumber', 'isBoolean', 'isString', 'isArray'];

/** One line per bad key: "KEY: reason[; reason]" (class-validator's default messages repeat the key; dropped). */
function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const constraints = e.constraints ?? {};
    const typeFailure = TYPE_CHECKS.find((c) => c in constraints);
    const messages = (typeFailure ? [constraints[typeFailure]] : Object.values(constraints)).map((m) =>
      m.startsWith(`${e.property} `) ? m.slice(e.property.length + 1) : m,
    );
    const own = messages.length ? [`${e.property}: ${messages.join('; ')}`] : [];
    return [...own, ...flatten(e.children ?? [])];
  });
}

// eslint-disable-next-line security/detect-unsafe-regex -- the alternatives and groups begin with distinct characters: linear; applied to env values only
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Env values are strings; a key whose default is a number gets a number when the text is numeric.
 * Implicit conversion alone is not enough: it follows the reflected design type, and a property typed
 * only by its initialiser (`PORT = 3000`) reflects as Object under tsc and SWC. A non-numeric text
 * stays a string so @IsInt/@IsNumber name the key.
 */
function coerce(value: string, fallback: unknown): unknown {
  if (typeof fallback === 'number') return NUMERIC.test(value.trim()) ? Number(value) : value;
  return value;
}

function build<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv): { value: T; problems: string[] } {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const v = env[key];
    raw[key] = v === undefined || v === '' ? defaults[key] : coerce(v, defaults[key]);
  }
  const value = plainToInstance(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = flatten(validateSync(value as object, { forbidUnknownValues: false }));
  return { value, problems };
}

/** Validated, memoised settings of one class. Throws ConfigValidationError naming each bad key. */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  if (env === process.env) {
    const hit = cache.get(cls);
    if (hit) return hit as T;
  }
  const { value, problems } = build(cls, env);
  if (problems.length) throw new ConfigValidationError(problems);
  if (env === process.env) cache.set(cls, value);
  return value;
}

/** Validates every registered config class; throws one error listing all problems. */
export function assertAllConfigValid(env: NodeJS.ProcessEnv = process.env): void {
  const problems = [...registry].flatMap((cls) => build(cls, env).problems);
  if (problems.length) throw new ConfigValidationError([...new Set(problems)]);
}

/** Clears the memo (tests that change process.env between cases). */
export function resetConfigCache(): void {
  cache.clear();
}

/** Every registered setting with secrets masked, for the admin API. */
export function describeConfig(env: NodeJS.ProcessEnv = process.env): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const cls of registry) {
    const { value } = build(cls, env);
    const secrets = secretKeys.get(cls) ?? new Set<string>();
    const shown: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      shown[k] = secrets.has(k) && v !== undefined && v !== '' ? '***' : v;
    }
    out[cls.name] = shown;
  }
  return out;
}

/**
 * Nest provider for a config class, so `constructor(private readonly cfg: PdsConfig)` works. It reads
 * the app's CONFIG_ENV where one is provided (createGatewayApp's `env`), else `process.env`.
 */
export function configProvider<T extends object>(cls: ConfigClass<T>) {
  return {
    provide: cls,
    useFactory: (env?: NodeJS.ProcessEnv): T => loadConfig(cls, env ?? process.env),
    inject: [OPTIONAL_CONFIG_ENV],
  };
}
