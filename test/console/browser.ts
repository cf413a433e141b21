// Browser tests of the console: a universe in this process (its control plane serves the console),
// Debian's chromium driven by playwright-core (never a downloaded browser), screenshots to
// test/artifacts/, and every console error the page logs collected so a test can assert there is none.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startUniverse, type Universe, type UniverseOptions } from '../../shared/universe/start-universe.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const CONSOLE_INDEX = join(ROOT, 'dist', 'console', 'index.html');
const BLANK_GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEAAAAALAAAAAABAAEAAAIBAAA=', 'base64');

/** The build is there and newer than every console source file. */
function consoleBuildFresh(): boolean {
  if (!existsSync(CONSOLE_INDEX)) return false;
  const built = statSync(CONSOLE_INDEX).mtimeMs;
  const sources = readdirSync(join(ROOT, 'console'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return sources.every((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs <= built);
}

/**
 * Builds the console when dist/console is missing or older than its sources (`npm run build` builds
 * it; this covers a bare checkout and editing the console). Test files run in parallel, so one
 * builds while the others wait on a lock directory.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (consoleBuildFresh()) return;
  const lock = join(ROOT, 'dist', '.console-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  for (const started = Date.now(); ;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 60_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    if (!consoleBuildFresh()) await build({ configFile: join(ROOT, 'console', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.DTU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface ConsoleSession {
  universe: Universe;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions the page logged so far. */
  errors: string[];
  /** Opens a console path ("/people/a@b.c") by URL, as a shared link would. */
  open(path: string): Promise<void>;
  /** Saves a full-page screenshot to test/artifacts/<name>.png. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A universe, the built console and one browser page at 1280×800. */
export async function startConsoleSession(options: UniverseOptions = {}): Promise<ConsoleSession> {
  await ensureConsoleBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  const universe = await startUniverse({ port: 0, ...options });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Tests never reach the internet: pictures elsewhere (avatars are Gravatar URLs) get a blank image.
    const origin = new URL(universe.urls.control).origin;
    await page.route((url) => url.origin !== origin, (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: BLANK_GIF }));
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    const opened = browser;
    return {
      universe,
      browser,
      page,
      errors,
      async open(path) {
        await page.goto(`${universe.urls.control}${path}`);
      },
      async screenshot(name) {
        await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
      },
      async close() {
        await opened.close();
        await universe.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await universe.close();
    throw error;
  }
}
