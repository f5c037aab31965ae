import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';

/**
 * Settings one app reads on top of the process environment, as a typed object rather than by
 * writing to `process.env`: a development entry point passes the endpoints of the NHS sandbox it
 * started, a test its own settings. A key set to undefined reads as unset.
 */
export type EnvOverlay = Readonly<Record<string, string | undefined>>;

/** DI token of the environment every `configProvider` of an app reads (absent = `process.env`). */
export const CONFIG_ENV = Symbol('CONFIG_ENV');

/**
 * The environment with `overlay` on top. Without an overlay it is `process.env` itself, so
 * `loadConfig` keeps its memo on the production path.
 */
export function envWith(overlay?: EnvOverlay): NodeJS.ProcessEnv {
  return overlay && Object.keys(overlay).length ? { ...process.env, ...overlay } : process.env;
}

/** An `inject` entry for CONFIG_ENV: undefined where no app provides one. */
export const OPTIONAL_CONFIG_ENV = { token: CONFIG_ENV, optional: true } as const;

/**
 * Root module that gives every config class of `root` (through `configProvider`) the environment
 * `env`, so two apps in one process can read different settings.
 */
@Global()
@Module({})
export class ConfigEnvModule {
  static around(root: Type<unknown> | DynamicModule, env: NodeJS.ProcessEnv): DynamicModule {
    return {
      module: ConfigEnvModule,
      global: true,
      imports: [root],
      providers: [{ provide: CONFIG_ENV, useValue: env }],
      exports: [CONFIG_ENV],
    };
  }
}
