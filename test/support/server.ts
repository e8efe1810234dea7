// Starts a real examgate server on 127.0.0.1, port 0, on a test database, and gives HTTP
// clients that log in with the session cookie and send the CSRF header like the web app.
import { PassThrough } from 'node:stream';

import type { FastifyInstance } from 'fastify';

import { createUser } from '../../src/server/accounts/users.js';
import { buildServer } from '../../src/server/app.js';
import type { ServerConfig } from '../../src/server/config.js';
import type { Role, UnitTable } from '../../src/server/db/schema.js';
import { createUnit } from '../../src/server/organisation/units.js';
import type { TestDatabase } from './databases.js';

export interface TestServer {
  app: FastifyInstance;
  baseUrl: string;
  /** Every log line the server wrote, as text. */
  logs(): string;
  close(): Promise<void>;
}

export async function startTestServer(testDatabase: TestDatabase, config: Partial<ServerConfig> = {}): Promise<TestServer> {
  const logStream = new PassThrough();
  const chunks: Buffer[] = [];

  logStream.on('data', (chunk: Buffer) => chunks.push(chunk));

  const app = await buildServer({ logLevel: 'info', logStream, webRoot: '/nonexistent', ...config, database: testDatabase.database });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  return {
    app,
    baseUrl,
    logs: () => Buffer.concat(chunks).toString('utf8'),
    close: () => app.close(),
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** An HTTP client that keeps the cookies it receives and sends the CSRF token header. */
export class ApiClient {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {}

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');

      if (name !== undefined && name !== '') {
        this.cookies.set(name.trim(), value.join('='));
      }
    }
  }

  cookieHeader(): string {
    return [...this.cookies.entries()].filter(([, value]) => value !== '').map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    let payload: RequestInit['body'];

    if (body instanceof FormData) {
      payload = body;
    } else if (body instanceof Uint8Array) {
      headers['content-type'] ??= 'application/octet-stream';
      payload = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }

    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (this.csrfToken !== null && headers['x-csrf-token'] === undefined) headers['x-csrf-token'] = this.csrfToken;

    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    this.storeCookies(response.headers);

    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('application/json') ? await response.json() : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body ?? {});
  }

  patch<T = any>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body);
  }

  /** Logs in and keeps the session cookie and CSRF token; throws when the login fails. */
  async login(username: string, password: string): Promise<this> {
    const response = await this.post('/api/auth/login', { username, password });

    if (response.status !== 200) {
      throw new Error(`login as ${username} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    }

    this.csrfToken = response.body.csrfToken as string;
    return this;
  }
}

export const TEST_PASSWORD = 'test-password-123';

/** Two units (A and B) with one user of each staff role in each, plus a department admin. */
export interface TestOrganisation {
  unitA: UnitTable;
  unitB: UnitTable;
  /** Usernames: `dept`, and `<role>.a` / `<role>.b` for unit_admin, teacher, proctor. */
  usernames: string[];
}

export async function seedTestOrganisation(testDatabase: TestDatabase): Promise<TestOrganisation> {
  const { db } = testDatabase.database;
  const unitA = await createUnit(db, { code: 'UNIT-A', name: 'Trường A', kind: 'school' }, null);
  const unitB = await createUnit(db, { code: 'UNIT-B', name: 'Trung tâm B', kind: 'continuing_education_centre' }, null);
  const usernames = ['dept'];

  await createUser(db, { username: 'dept', displayName: 'Quản trị Sở', role: 'department_admin', unitId: null, password: TEST_PASSWORD }, null);

  for (const [suffix, unit] of [['a', unitA], ['b', unitB]] as const) {
    for (const role of ['unit_admin', 'teacher', 'proctor'] as Role[]) {
      const username = `${role.replace('_', '')}.${suffix}`;
      await createUser(db, { username, displayName: `${role} ${suffix}`, role, unitId: unit.id, password: TEST_PASSWORD }, null);
      usernames.push(username);
    }
  }

  return { unitA, unitB, usernames };
}
