import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuditModule } from '@gw/audit';
import { IheTransaction } from './ihe-transaction.decorator';
import { IheDispatcher } from './ihe-dispatcher.service';

@IheTransaction({ transaction: 'ITI-47', actions: ['urn:a'], endpoint: 'iti47', service: 'PDQSupplier' })
@Injectable()
class A {
  async handle() {
    return { action: 'x', bodyXml: '<x/>', report: { status: 'ok', audit: [] } };
  }
}

@IheTransaction({ transaction: 'ITI-55', actions: ['urn:b', 'urn:c'], endpoint: 'iti55', service: 'RespondingGateway' })
@Injectable()
class B {
  async handle() {
    return { action: 'x', bodyXml: '<x/>', report: { status: 'ok', audit: [] } };
  }
}

@IheTransaction({ transaction: 'ITI-99', actions: ['urn:a'], endpoint: 'iti99', service: 'RespondingGateway' })
@Injectable()
class Duplicate {
  async handle() {
    return { action: 'x', bodyXml: '<x/>', report: { status: 'ok', audit: [] } };
  }
}

async function boot(providers: unknown[]) {
  @Module({ imports: [DiscoveryModule, AuditModule], providers: [IheDispatcher, ...(providers as never[])] })
  class M {}
  const mod = await Test.createTestingModule({ imports: [M] }).compile();
  // An application context is enough: discovery runs at init, no HTTP server is needed.
  mod.useLogger(false);
  return mod.init();
}

describe('IheDispatcher', () => {
  it('discovers @IheTransaction providers at bootstrap and routes by Action and endpoint', async () => {
    const app = await boot([A, B]);
    const sut = app.get(IheDispatcher);
    expect(sut.route('urn:a')?.options.transaction).toBe('ITI-47');
    expect(sut.route('urn:c', 'ITI55')?.options.transaction).toBe('ITI-55');
    expect(sut.route('urn:a', 'iti55')).toBeUndefined();
    expect(sut.route('urn:nope')).toBeUndefined();
    expect(sut.hasEndpoint('iti47')).toBe(true);
    expect(sut.routes()).toHaveLength(2);
    await app.close();
  });

  it('fails the boot when two handlers claim one Action', async () => {
    await expect(boot([A, Duplicate])).rejects.toThrow(/Duplicate IHE action urn:a/);
  });
});
