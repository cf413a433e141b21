// The console with a 10,000-person org: the People list renders only what is on screen and still
// reaches the last person; and the views are reachable from the keyboard alone.
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleSession, type ConsoleSession } from './browser.js';

const PEOPLE = 10_000;
const POLL = { timeout: 15_000, interval: 100 };
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: 15_000 });

let session: ConsoleSession;
beforeAll(async () => { session = await startConsoleSession({ seed: 3, users: PEOPLE }); }, 60_000);
afterAll(async () => { await session?.close(); });

describe('console at 10,000 people', () => {
  it('lists everyone in the People view while rendering only the visible rows, and scrolls to the last one', async () => {
    const { page, open, universe } = session;
    await open('/people');
    await visible(page.getByRole('status').filter({ hasText: `${PEOPLE.toLocaleString('en-US')} of` }).or(page.getByRole('status').filter({ hasText: `${PEOPLE} of` })));
    const list = page.getByRole('list', { name: 'People' });
    const rendered = await list.getByRole('listitem').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(200);
    await list.evaluate((element) => { element.scrollTop = element.scrollHeight; });
    const last = universe.org.people.at(-1)!;
    await expect.poll(() => list.getByText(last.email, { exact: true }).count(), POLL).toBe(1);
    expect(await list.getByRole('listitem').count()).toBeLessThan(200);
    await session.screenshot('console-people-10k');
    expect(session.errors).toEqual([]);
  }, 60_000);

  it('moves between views with the keyboard alone', async () => {
    const { page, open } = session;
    await open('/');
    const chaos = page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Chaos' });
    for (let i = 0; i < 30 && !(await chaos.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await chaos.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/chaos');
    await expect.poll(() => chaos.getAttribute('aria-current'), POLL).toBe('page');
    expect(session.errors).toEqual([]);
  });
});
