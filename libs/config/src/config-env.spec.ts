import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { ConfigEnvModule, configProvider, envWith, loadConfig } from './index';

class EndpointConfig {
  @IsString()
  OVERLAY_SAMPLE_URL = 'https://default.example';
}

@Injectable()
class Client {
  constructor(readonly cfg: EndpointConfig) {}
}

@Module({ providers: [configProvider(EndpointConfig), Client], exports: [Client] })
class ClientModule {}

async function urlOf(env?: NodeJS.ProcessEnv): Promise<string> {
  const module = await Test.createTestingModule({ imports: [env ? ConfigEnvModule.around(ClientModule, env) : ClientModule] }).compile();
  const url = module.get(Client).cfg.OVERLAY_SAMPLE_URL;
  await module.close();
  return url;
}

describe('an environment overlay per app', () => {
  afterEach(() => delete process.env.OVERLAY_SAMPLE_URL);

  it('is read by every configProvider of the app it wraps, on top of process.env, which stays as it was', async () => {
    process.env.OVERLAY_SAMPLE_URL = 'https://from-process.example';
    expect(await urlOf(envWith({ OVERLAY_SAMPLE_URL: 'http://127.0.0.1:4001' }))).toBe('http://127.0.0.1:4001');
    expect(process.env.OVERLAY_SAMPLE_URL).toBe('https://from-process.example');
    // An app without an overlay, in the same process, reads the environment.
    expect(await urlOf()).toBe('https://from-process.example');
  });

  it('reads a key the overlay sets to undefined as unset (the default)', async () => {
    process.env.OVERLAY_SAMPLE_URL = 'https://from-process.example';
    expect(await urlOf(envWith({ OVERLAY_SAMPLE_URL: undefined }))).toBe('https://default.example');
  });

  it('is process.env itself when empty, so the memo of loadConfig still applies', () => {
    expect(envWith()).toBe(process.env);
    expect(envWith({})).toBe(process.env);
    expect(loadConfig(EndpointConfig, envWith())).toBe(loadConfig(EndpointConfig));
  });
});
