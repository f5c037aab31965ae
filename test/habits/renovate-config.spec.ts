import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// renovate.json, checked for what the team relies on (the full schema check needs the renovate
// package, too heavy to install here; see README "Engineering habits" for the one-off command).
const root = join(__dirname, '..', '..');
const config = JSON.parse(readFileSync(join(root, 'renovate.json'), 'utf8')) as {
  enabledManagers: string[];
  packageRules: Array<
    Record<string, unknown> & { matchManagers?: string[]; matchPackageNames?: string[]; groupName?: string; schedule?: string[] }
  >;
  vulnerabilityAlerts: { enabled: boolean; schedule: string[] };
};
const ruleFor = (group: string) => config.packageRules.find((r) => r.groupName === group);

// Every option a packageRule here uses; a misspelt key is silently ignored by Renovate.
const RULE_KEYS = new Set([
  'description',
  'matchManagers',
  'matchDepTypes',
  'matchPackageNames',
  'matchUpdateTypes',
  'groupName',
  'schedule',
  'allowedVersions',
]);

describe('renovate.json', () => {
  it('updates npm, the Docker base image and the GitHub Actions', () => {
    expect(config.enabledManagers).toEqual(expect.arrayContaining(['npm', 'dockerfile', 'github-actions']));
    const image = readFileSync(join(root, 'Dockerfile'), 'utf8').match(/^FROM (\S+?):/m)?.[1];
    expect(ruleFor('node base image')?.matchPackageNames).toContain(image);
  });

  it('groups the Nest packages in one pull request, covering each @nestjs package the project uses', () => {
    const nest = ruleFor('NestJS');
    expect(nest?.matchPackageNames).toEqual(['@nestjs/**']);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).some((n) => n.startsWith('@nestjs/'))).toBe(true);
  });

  it('batches dev tooling weekly, leaving Nest to its own group', () => {
    const dev = ruleFor('dev tooling');
    expect(dev?.matchDepTypes).toEqual(['devDependencies']);
    expect(dev?.matchPackageNames).toEqual(['!@nestjs/**']);
    expect(dev?.schedule).toEqual(['before 6am on monday']);
    // Later rules win in Renovate: the Nest group must not be overridden by a later dev-tooling rule.
    expect(config.packageRules.indexOf(dev!)).toBeGreaterThan(config.packageRules.indexOf(ruleFor('NestJS')!));
  });

  it('raises security fixes at once, outside the schedules', () => {
    expect(config.vulnerabilityAlerts).toMatchObject({ enabled: true, schedule: ['at any time'] });
  });

  it('uses only known packageRule options', () => {
    for (const rule of config.packageRules) for (const key of Object.keys(rule)) expect(RULE_KEYS).toContain(key);
  });
});
