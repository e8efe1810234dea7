import type { ServerDatabase } from './db/database.js';

/** Limits on failed logins; both are stored in the database, so they hold across instances. */
export interface LoginLimits {
  /** Consecutive failed logins after which an account is locked. */
  maxFailuresPerUser: number;
  lockMinutes: number;
  /** Failed logins from one client address within `windowMinutes` before it is blocked. */
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

export interface ServerConfig {
  /** Database URL (see createDatabase) or an already open database. */
  database: string | ServerDatabase;
  /** Apply pending migrations while building the server (default true). */
  migrate?: boolean;
  logLevel?: string;
  /** Write logs to this stream instead of stdout (tests capture them). */
  logStream?: NodeJS.WritableStream;
  /** Folder of the built web app; defaults to web/dist and is skipped when missing. */
  webRoot?: string;
  /** Send cookies with the Secure attribute; set it whenever clients reach the server over HTTPS. */
  cookieSecure?: boolean;
  sessionTtlMinutes?: number;
  login?: Partial<LoginLimits>;
  /** Trust X-Forwarded-For from a load balancer (Fastify's trustProxy setting). */
  trustProxy?: boolean | string | string[];
  /** Largest accepted upload (candidate lists), in bytes. */
  uploadLimitBytes?: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailuresPerUser: 5,
  lockMinutes: 15,
  maxFailuresPerAddress: 30,
  windowMinutes: 15,
};

export const DEFAULT_SESSION_TTL_MINUTES = 12 * 60;
export const DEFAULT_UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
