/**
 * Fault injection for tests: per path (prefix of the request path, or `re:<regex>`), optionally per
 * method, add latency, answer with an error status, or answer with a malformed body. `times` limits
 * how many requests a fault applies to (then it is spent). Set at start (NHS_SANDBOX_FAULTS, JSON)
 * or at run time through the admin endpoint /_sandbox/faults.
 */
export interface SandboxFault {
  path: string;
  method?: string;
  latencyMs?: number;
  status?: number;
  /** 'malformed' sends truncated JSON; any other string is sent as the body. */
  body?: string;
  /** Retry-After header (seconds), e.g. with status 429. */
  retryAfterS?: number;
  times?: number;
}

export function parseFaults(text: string | undefined): SandboxFault[] {
  if (!text || !text.trim()) return [];
  const parsed = JSON.parse(text) as unknown;
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const f of list) {
    if (typeof (f as SandboxFault)?.path !== 'string') throw new Error('each sandbox fault needs a "path"');
  }
  return list as SandboxFault[];
}

export class FaultTable {
  private faults: SandboxFault[] = [];

  constructor(initial: SandboxFault[] = []) {
    this.set(initial);
  }

  set(faults: SandboxFault[]): void {
    this.faults = faults.map((f) => ({ ...f }));
  }

  add(fault: SandboxFault): void {
    this.faults.push({ ...fault });
  }

  list(): SandboxFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first live fault matching this request, consuming one of its uses. */
  take(method: string, path: string): SandboxFault | undefined {
    const f = this.faults.find(
      (x) => (!x.method || x.method.toUpperCase() === method) && matches(x.path, path) && (x.times === undefined || x.times > 0),
    );
    if (f && f.times !== undefined) f.times--;
    return f;
  }
}

function matches(pattern: string, path: string): boolean {
  if (pattern.startsWith('re:')) {
    try {
      // eslint-disable-next-line security/detect-non-literal-regexp -- fault patterns are set by tests through the sandbox's /_sandbox admin endpoint; an invalid one matches nothing
      return new RegExp(pattern.slice(3)).test(path);
    } catch {
      return false;
    }
  }
  return path.startsWith(pattern);
}
