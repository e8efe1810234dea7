// The machine's Redis for the cluster tests: its address, why it cannot be used, and the removal
// of a test's keys (each test works under its own key prefix).
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Returns why Redis cannot be used, or null when it answers. */
export async function redisUnavailableReason(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });

  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    return `Redis at ${REDIS_URL} is unreachable (${(error as Error).message}): start redis-server`;
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `keyPrefix`. */
export async function deleteRedisKeys(keyPrefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);

  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
