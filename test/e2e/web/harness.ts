// Shared setup of the browser tests: a real examgate server on port 0 with the demo data and the
// built web app, Debian's Chromium through playwright-core, an axe-core check and screenshots.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { after, before } from 'node:test';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { buildServer } from '../../../src/server/app.js';
import { seedDemo, type DemoLogin } from '../../../src/server/demo/seed.js';
import { CHROMIUM_PATH } from '../../support/require.js';

export const SCREENS_DIR = resolve('docs/screens');
const WEB_ROOT = resolve('web/dist');

/**
 * Builds web/dist when it is missing or older than its sources. Test files run in parallel, so
 * the build holds a lock file and the second file finds web/dist already up to date.
 */
export function buildWebApp(): void {
  const result = spawnSync('flock', [join(tmpdir(), 'examgate-web-build.lock'), process.execPath, 'scripts/build-web.mjs'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`building the web app failed (exit ${result.status}): ${result.stderr}${result.stdout}`);
  }
}

export interface DemoServer {
  app: FastifyInstance;
  url: string;
  logins: DemoLogin[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1, port 0, over an in-memory SQLite database seeded with the demo. */
export async function startDemoServer(): Promise<DemoServer> {
  const app = await buildServer({ database: 'sqlite::memory:', logLevel: 'silent', webRoot: WEB_ROOT });
  const seeded = await seedDemo(app.db);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, logins: seeded.logins, close: () => app.close() };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts Chromium headless with a new empty profile (playwright-core takes the profile folder as
 * the persistent context's user data dir) and opens a 1366x768 page.
 */
export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'examgate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = context.pages()[0] ?? (await context.newPage());

  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    // This function runs in the page; the root tsconfig has no DOM types, so the globals are typed here.
    const page = globalThis as unknown as { document: unknown; axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Formats violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
}

/** Signs in through the sign-in form and waits for the header to show the user. */
export async function signInAs(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByText('Đã đăng nhập:').waitFor();
}

/** The server and browser of one test file, started by `useDemoBrowser`. */
export interface DemoBrowser {
  readonly server: DemoServer;
  readonly browser: BrowserSession;
  readonly page: Page;
  passwordOf(username: string): string;
}

/**
 * Registers before/after hooks in the calling suite that build the web app, start a demo
 * server and open Chromium, unless `unavailable` says Chromium cannot run (tests then skip).
 */
export function useDemoBrowser(unavailable: string | null): DemoBrowser {
  let server: DemoServer | undefined;
  let browser: BrowserSession | undefined;

  before(async () => {
    if (unavailable !== null) return;
    buildWebApp();
    server = await startDemoServer();
    browser = await openBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the demo server and browser start in before(); use them inside a test');
    return value;
  };

  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    get page() {
      return started(browser).page;
    },
    passwordOf(username: string): string {
      const login = started(server).logins.find((l) => l.username === username);
      if (login === undefined) throw new Error(`no demo login ${username}; the demo seed prints its logins`);
      return login.password;
    },
  };
}
