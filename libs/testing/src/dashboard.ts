import type { Browser, Page } from 'playwright-core';
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
export async function openDashboard(options: { permissions?: string[] } = {}): Promise<DashboardSession> {
  const [stack, browser] = await Promise.all([startStack({ dashboard: true }), launchBrowser()]);
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
