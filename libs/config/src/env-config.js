"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ConfigValidationError = void 0;
exports.EnvConfig = EnvConfig;
exports.Secret = Secret;
exports.loadConfig = loadConfig;
exports.assertAllConfigValid = assertAllConfigValid;
exports.resetConfigCache = resetConfigCache;
exports.describeConfig = describeConfig;
exports.configProvider = configProvider;
require("reflect-metadata");
const class_transformer_1 = require("class-transformer");
const class_validator_1 = require("class-validator");
const registry = new Set();
const secretKeys = new WeakMap();
const cache = new Map();
/** Registers a config class so it is validated at boot and listed by the admin config view. */
function EnvConfig() {
    return (target) => {
        registry.add(target);
    };
}
/** Marks a key whose value is masked wherever config is shown. */
function Secret() {
    return (target, key) => {
        const cls = target.constructor;
        const set = secretKeys.get(cls) ?? new Set();
        set.add(String(key));
        secretKeys.set(cls, set);
    };
}
class ConfigValidationError extends Error {
    problems;
    constructor(problems) {
        super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
        this.problems = problems;
    }
}
exports.ConfigValidationError = ConfigValidationError;
function flatten(errors) {
    return errors.flatMap((e) => {
        const own = Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`);
        return [...own, ...flatten(e.children ?? [])];
    });
}
function build(cls, env) {
    const defaults = new cls();
    const raw = {};
    for (const key of Object.keys(defaults)) {
        const v = env[key];
        raw[key] = v === undefined || v === '' ? defaults[key] : v;
    }
    const value = (0, class_transformer_1.plainToInstance)(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
    const problems = flatten((0, class_validator_1.validateSync)(value, { forbidUnknownValues: false }));
    return { value, problems };
}
/** Validated, memoised settings of one class. Throws ConfigValidationError naming each bad key. */
function loadConfig(cls, env = process.env) {
    if (env === process.env) {
        const hit = cache.get(cls);
        if (hit)
            return hit;
    }
    const { value, problems } = build(cls, env);
    if (problems.length)
        throw new ConfigValidationError(problems);
    if (env === process.env)
        cache.set(cls, value);
    return value;
}
/** Validates every registered config class; throws one error listing all problems. */
function assertAllConfigValid(env = process.env) {
    const problems = [...registry].flatMap((cls) => build(cls, env).problems);
    if (problems.length)
        throw new ConfigValidationError([...new Set(problems)]);
}
/** Clears the memo (tests that change process.env between cases). */
function resetConfigCache() {
    cache.clear();
}
/** Every registered setting with secrets masked, for the admin API. */
function describeConfig(env = process.env) {
    const out = {};
    for (const cls of registry) {
        const { value } = build(cls, env);
        const secrets = secretKeys.get(cls) ?? new Set();
        const shown = {};
        for (const [k, v] of Object.entries(value)) {
            shown[k] = secrets.has(k) && v !== undefined && v !== '' ? '***' : v;
        }
        out[cls.name] = shown;
    }
    return out;
}
/** Nest provider for a config class, so `constructor(private readonly cfg: PdsConfig)` works. */
function configProvider(cls) {
    return { provide: cls, useFactory: () => loadConfig(cls) };
}
//# sourceMappingURL=env-config.js.map