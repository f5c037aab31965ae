import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('runs concurrent calls for one key once and gives every caller the same result', async () => {
    const sut = new SingleFlight();
    let runs = 0;
    let release!: (v: string) => void;
    const work = () => {
      runs++;
      return new Promise<string>((r) => (release = r));
    };
    const calls = [sut.run('sds:B82617', work), sut.run('sds:B82617', work), sut.run('sds:B82617', work)];
    expect(sut.size).toBe(1);
    release('endpoint');
    await expect(Promise.all(calls)).resolves.toEqual(['endpoint', 'endpoint', 'endpoint']);
    expect(runs).toBe(1);
    expect(sut.size).toBe(0);
  });

  it('keeps different keys apart and runs again once the previous flight has landed', async () => {
    const sut = new SingleFlight();
    let runs = 0;
    const work = async () => ++runs;
    await expect(Promise.all([sut.run('a', work), sut.run('b', work)])).resolves.toEqual([1, 2]);
    await expect(sut.run('a', work)).resolves.toBe(3);
  });

  it('shares a failure with every waiting caller and forgets it, so the next call retries', async () => {
    const sut = new SingleFlight();
    let runs = 0;
    const failing = async () => {
      runs++;
      throw new Error('upstream down');
    };
    const results = await Promise.allSettled([sut.run('k', failing), sut.run('k', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    await expect(sut.run('k', async () => 'ok')).resolves.toBe('ok');
  });
});
