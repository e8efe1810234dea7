// The connection of one server instance to the other instances through Redis: a command
// connection, a subscriber connection for pub/sub, key names under a shared prefix, and a
// presence key that the instance refreshes while it runs, so others can tell that it died.
import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

/** Settings of the Redis link; every instance of one deployment uses the same URL and prefix. */
export interface ClusterOptions {
  redisUrl: string;
  /** Prefix of every key and channel, so that several deployments or tests share one Redis. */
  keyPrefix?: string;
  /** Name of this instance in logs and presence keys; random when not set. */
  instanceId?: string;
  logger?: ClusterLogger;
}

export interface ClusterLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const DEFAULT_KEY_PREFIX = 'examgate:';
/** An instance counts as alive while its presence key exists; it refreshes it three times per expiry. */
export const PRESENCE_TTL_MS = 6_000;
const PRESENCE_REFRESH_MS = PRESENCE_TTL_MS / 3;
const CONNECT_TIMEOUT_MS = 5_000;

type MessageHandler = (message: string) => void;

const SILENT_LOGGER: ClusterLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export class ClusterLink {
  readonly instanceId: string;
  readonly keyPrefix: string;
  /** Logger of the hub and the link; serve sets it to the server's logger once the server is built. */
  logger: ClusterLogger;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private presenceTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(readonly command: Redis, private readonly subscriber: Redis, options: ClusterOptions) {
    this.instanceId = options.instanceId ?? randomBytes(6).toString('hex');
    this.keyPrefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.logger = options.logger ?? SILENT_LOGGER;

    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          this.logger.error({ err: error, channel }, 'cluster message handler failed');
        }
      }
    });
  }

  /** Connects both Redis connections and starts refreshing this instance's presence key. */
  static async connect(options: ClusterOptions): Promise<ClusterLink> {
    const redisOptions = { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 3 };
    const command = new Redis(options.redisUrl, redisOptions);
    const subscriber = new Redis(options.redisUrl, redisOptions);
    const logger = options.logger ?? SILENT_LOGGER;

    for (const connection of [command, subscriber]) {
      connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection error; ioredis reconnects'));
    }

    try {
      await Promise.all([command.connect(), subscriber.connect()]);
    } catch (error) {
      command.disconnect();
      subscriber.disconnect();
      throw new Error(`could not connect to Redis at ${redactUrl(options.redisUrl)}: ${(error as Error).message}; check --redis or EXAMGATE_REDIS_URL`);
    }

    const link = new ClusterLink(command, subscriber, options);
    await link.refreshPresence();
    link.presenceTimer = setInterval(() => {
      link.refreshPresence().catch((error: unknown) => logger.warn({ err: error }, 'refreshing the instance presence key failed'));
    }, PRESENCE_REFRESH_MS);
    link.presenceTimer.unref();
    logger.info({ instanceId: link.instanceId, keyPrefix: link.keyPrefix }, 'joined the cluster through Redis');
    return link;
  }

  /** Returns the full Redis name of a key or channel. */
  key(name: string): string {
    return `${this.keyPrefix}${name}`;
  }

  /** Calls `handler` with every message published on `channel` (a name without the prefix). */
  async subscribe(channel: string, handler: MessageHandler): Promise<void> {
    const full = this.key(channel);
    const set = this.handlers.get(full) ?? new Set<MessageHandler>();
    const first = set.size === 0;
    set.add(handler);
    this.handlers.set(full, set);

    if (first) {
      await this.subscriber.subscribe(full);
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.command.publish(this.key(channel), message);
  }

  /** Returns which of the given instance ids have a live presence key. */
  async aliveInstances(instanceIds: Iterable<string>): Promise<Set<string>> {
    const ids = [...new Set(instanceIds)];

    if (ids.length === 0) {
      return new Set();
    }

    const values = await this.command.mget(...ids.map((id) => this.key(`instance:${id}`)));
    return new Set(ids.filter((_, index) => values[index] !== null));
  }

  async ping(): Promise<void> {
    await this.command.ping();
  }

  /** Stops the presence key (so others see this instance gone at once) and closes both connections. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }

    this.closed = true;

    if (this.presenceTimer !== null) {
      clearInterval(this.presenceTimer);
    }

    await this.command.del(this.key(`instance:${this.instanceId}`)).catch(() => undefined);
    await Promise.allSettled([this.command.quit(), this.subscriber.quit()]);
  }

  private async refreshPresence(): Promise<void> {
    await this.command.set(this.key(`instance:${this.instanceId}`), '1', 'PX', PRESENCE_TTL_MS);
  }
}

/** The URL without its password, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);

    if (parsed.password !== '') {
      parsed.password = '***';
    }

    return parsed.toString();
  } catch {
    return 'an unparsable URL';
  }
}
