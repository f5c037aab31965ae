/**
 * Lua scripts of the shared single-flight. Every script touches only keys of one flight, built
 * with one hash tag, so they run on Cluster too. KEYS are always [lock, fence, result].
 */

/**
 * Takes the lock when free, with a fencing token `<n>:<owner>` where n grows with every grant
 * (the fence counter lives a day past its last grant). ARGV: owner, lease ms, fence ttl ms.
 * Returns {1, token} when taken, {0, holder's token} when held.
 */
export const ACQUIRE_LUA = `
local held = redis.call('GET', KEYS[1])
if held then return {0, held} end
local n = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local token = n .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], token, 'PX', ARGV[2])
return {1, token}
`;

/** Extends the lease while the token still holds the lock. ARGV: token, lease ms. 1 = extended, 0 = lost. */
export const EXTEND_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * Publishes the result and releases the lock, only while the token still holds it: a holder whose
 * lease lapsed cannot overwrite the result of the one that took over. ARGV: token, result JSON
 * (empty = release without a result), result ttl ms. 1 = done, 0 = the lock was no longer ours.
 */
export const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3]) end
redis.call('DEL', KEYS[1])
return 1
`;
