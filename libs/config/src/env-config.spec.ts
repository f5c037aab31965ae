import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ConfigValidationError, describeConfig, EnvBoolean, EnvConfig, EnvList, loadConfig, Secret } from './index';

@EnvConfig()
class SampleConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  SAMPLE_PORT = 3000;

  @EnvBoolean()
  @IsBoolean()
  SAMPLE_FLAG = false;

  @EnvBoolean()
  @IsBoolean()
  SAMPLE_ON: boolean = true;

  @EnvList()
  SAMPLE_LIST: string[] = [];

  @IsOptional()
  @Matches(/^redis:\/\//, { message: 'must be a redis:// URL' })
  @Secret()
  SAMPLE_URL?: string = undefined;
}

describe('env config', () => {
  it('applies defaults when variables are unset or empty', () => {
    const sut = loadConfig(SampleConfig, { SAMPLE_PORT: '' });
    expect(sut).toMatchObject({ SAMPLE_PORT: 3000, SAMPLE_FLAG: false, SAMPLE_LIST: [], SAMPLE_URL: undefined });
  });

  it('converts env text to the type of the default (number, boolean, list)', () => {
    const sut = loadConfig(SampleConfig, { SAMPLE_PORT: '8080', SAMPLE_FLAG: 'yes', SAMPLE_LIST: 'a, b,,c' });
    expect(sut.SAMPLE_PORT).toBe(8080);
    expect(sut.SAMPLE_FLAG).toBe(true);
    expect(sut.SAMPLE_LIST).toEqual(['a', 'b', 'c']);
  });

  it('turns a boolean typed `boolean` and on by default off with "false" or "0"', () => {
    expect(loadConfig(SampleConfig, { SAMPLE_ON: 'false' }).SAMPLE_ON).toBe(false);
    expect(loadConfig(SampleConfig, { SAMPLE_ON: '0' }).SAMPLE_ON).toBe(false);
    expect(loadConfig(SampleConfig, { SAMPLE_ON: 'true' }).SAMPLE_ON).toBe(true);
  });

  it('names each bad key once, with the reason, in one error', () => {
    let caught: unknown;
    try {
      loadConfig(SampleConfig, { SAMPLE_PORT: 'abc', SAMPLE_FLAG: 'maybe', SAMPLE_URL: 'http://x' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const problems = (caught as ConfigValidationError).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SAMPLE_PORT: .*integer/),
        expect.stringMatching(/^SAMPLE_FLAG: .*boolean/),
        'SAMPLE_URL: must be a redis:// URL',
      ]),
    );
    expect((caught as Error).message).toMatch(/^Invalid configuration:\n {2}- /);
  });

  it('rejects a number out of range', () => {
    expect(() => loadConfig(SampleConfig, { SAMPLE_PORT: '70000' })).toThrow(/SAMPLE_PORT: .*65535/);
  });

  it('masks secrets in the config view but shows other values', () => {
    const view = describeConfig({ SAMPLE_URL: 'redis://:pw@host:6379', SAMPLE_PORT: '1234' });
    expect(view.SampleConfig).toMatchObject({ SAMPLE_URL: '***', SAMPLE_PORT: 1234 });
    expect(JSON.stringify(view)).not.toContain('pw@host');
  });
});
