import type { Browser, Page, Route } from 'playwright-core';
import { launchBrowser } from './browser';
import { type Stack, startStack } from './stack';

/** A stack with the built dashboard in front of it, and one Chromium page to drive it. */
export interface DashboardSession {
  stack: Stack;
  browser: Browser;
  page: Page;
  /** Closes the browser, then stops the stack. */
  close(): Promise<void>;
}

/**
 * Starts the stack (with the dashboard) and Chromium side by side; call `close` in `afterAll`.
 * `permissions` are granted to the dashboard's origin (e.g. the clipboard, for copy buttons).
 */
export async function openDashboard(options: { permissions?: string[]; env?: Record<string, string> } = {}): Promise<DashboardSession> {
  const [stack, browser] = await Promise.all([startStack({ dashboard: true, ...(options.env ? { env: options.env } : {}) }), launchBrowser()]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: stack.dashboardUrl });
  const page = await context.newPage();
  return {
    stack,
    browser,
    page,
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** Signs in through the login form as the stack's admin; the page is on the login page already. */
export async function submitSignIn(page: Page, stack: Stack, password = stack.admin.password): Promise<void> {
  await page.fill('input[name=email]', stack.admin.email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
}

/**
 * Makes the dashboard see the signed-in person with `role` in every project: the API's own
 * `/auth/me` answer with the role changed, for this page's requests only (the stack has just its
 * owner and no API adds members yet). Returns the undo.
 */
export async function viewAsRole(page: Page, role: string): Promise<() => Promise<void>> {
  const handler = async (route: Route) => {
    const response = await route.fetch();
    const me = (await response.json()) as { projects: { role: string }[] };
    await route.fulfill({ response, json: { ...me, projects: me.projects.map((project) => ({ ...project, role })) } });
  };
  await page.route('**/api/v1/auth/me', handler);
  return () => page.unroute('**/api/v1/auth/me', handler);
}
