/** One Redis server, a Sentinel-managed primary, or a Redis Cluster, as named by REDIS_URL. */
export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: RedisNode[]; name: string; tls: boolean; username?: string; password?: string; db: number }
  | { kind: 'cluster'; nodes: RedisNode[]; tls: boolean; username?: string; password?: string };

export interface RedisNode {
  host: string;
  port: number;
}

/** The schemes REDIS_URL accepts (checked by CacheConfig before anything connects). */
export const REDIS_URL_PATTERN = /^(rediss?|rediss?\+sentinel|rediss?\+cluster):\/\/\S+$/;

/**
 * Reads REDIS_URL:
 *   redis://[user:pass@]host:port[/db]                               one server (rediss:// for TLS)
 *   redis+sentinel://[user:pass@]host:port,host:port/<master>[/db]   the primary Sentinel names <master>
 *   redis+cluster://[user:pass@]host:port,host:port                  Cluster, any reachable seed nodes
 * (rediss+sentinel / rediss+cluster for TLS). Credentials are those of the data nodes; the sentinels
 * are asked without a password. Throws with a message that never repeats the password.
 */
export function parseRedisUrl(url: string): RedisTopology {
  if (/^rediss?:\/\//.test(url)) return { kind: 'single', url };
  const scheme = /^(rediss?)\+(sentinel|cluster):\/\//.exec(url);
  if (!scheme) throw new Error('REDIS_URL is not a redis://, redis+sentinel:// or redis+cluster:// URL');
  const tls = scheme[1] === 'rediss';
  const kind = scheme[2] as 'sentinel' | 'cluster';
  let rest = url.slice(scheme[0].length).replace(/\/$/, '');
  const at = rest.lastIndexOf('@');
  const { username, password } = parseAuth(at >= 0 ? rest.slice(0, at) : undefined);
  if (at >= 0) rest = rest.slice(at + 1);
  const [hostList, pathName, dbText, ...extra] = rest.split('/');
  if (extra.length > 0 || /[?#]/.test(rest)) throw new Error('REDIS_URL has more than host list, master name and database');
  const nodes = hostList.split(',').map((n) => parseNode(n, kind === 'sentinel' ? 26_379 : 6_379));
  if (kind === 'sentinel') {
    if (!pathName) throw new Error('redis+sentinel:// needs the master name as its path: redis+sentinel://host:port,host:port/mymaster');
    if (dbText !== undefined && !/^\d{1,2}$/.test(dbText)) throw new Error('REDIS_URL database must be a number');
    return { kind, sentinels: nodes, name: decodeURIComponent(pathName), tls, username, password, db: dbText ? Number(dbText) : 0 };
  }
  if (pathName !== undefined) throw new Error('redis+cluster:// takes no path (Cluster has database 0 only)');
  return { kind: 'cluster', nodes, tls, username, password };
}

function parseNode(text: string, defaultPort: number): RedisNode {
  const colon = text.lastIndexOf(':');
  const bracketed = text.startsWith('[') && text.endsWith(']');
  const hasPort = colon > 0 && !bracketed && (!text.startsWith('[') || text[colon - 1] === ']');
  const host = (hasPort ? text.slice(0, colon) : text).replace(/^\[(.*)\]$/, '$1');
  const portText = hasPort ? text.slice(colon + 1) : '';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new Error('REDIS_URL lists a host that is not host or host:port');
  if (portText && !/^\d{1,5}$/.test(portText)) throw new Error('REDIS_URL lists a port that is not a number');
  const port = portText ? Number(portText) : defaultPort;
  if (port < 1 || port > 65_535) throw new Error('REDIS_URL lists a port outside 1-65535');
  return { host, port };
}

function parseAuth(auth: string | undefined): { username?: string; password?: string } {
  if (!auth) return {};
  const i = auth.indexOf(':');
  if (i < 0) return { username: decodeURIComponent(auth) || undefined };
  return { username: decodeURIComponent(auth.slice(0, i)) || undefined, password: decodeURIComponent(auth.slice(i + 1)) || undefined };
}
