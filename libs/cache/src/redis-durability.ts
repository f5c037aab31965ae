import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-connection.factory';
import { clusterSlot } from './redis-cluster-slot';

/**
 * After a write, waits until `replicas` replicas of the primary holding `key` have it (WAIT), so a
 * failover (Sentinel, Cluster) cannot lose a write the gateway then acknowledges. Returns how many
 * acknowledged within `timeoutMs`. In Cluster, WAIT goes to the primary serving the key's slot.
 */
export async function waitForReplicas(client: RedisClient, key: string, replicas: number, timeoutMs: number): Promise<number> {
  if (!(client instanceof Cluster)) return client.wait(replicas, timeoutMs);
  const owner = client.slots[clusterSlot(key)]?.[0];
  const node = client.nodes('master').find((n) => `${n.options.host}:${n.options.port}` === owner);
  if (!node) return 0;
  return node.wait(replicas, timeoutMs);
}
