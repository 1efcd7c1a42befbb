import { test, expect, Page } from '@playwright/test';

// The agent loop as a newcomer sees it in the demo: raise a ticket from the demo console as a
// client's contact, open the session it woke and watch the rule agent's work appear. Runs
// after connect.spec.ts (admin created, demo tenant connected, clients imported, webhooks on).
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

// The simulated tenant only calls Relay once its webhooks exist: register them as an admin
// would, with the webhook card's button (idempotent, so a second run repairs nothing).
async function registerWebhooks(page: Page) {
  await page.goto('/settings/integrations/autotask');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByTestId('register-webhooks').click();
  await expect(page.getByTestId('webhook-definition')).toHaveCount(2, { timeout: 30_000 });
}

async function raise(page: Page, title: string) {
  await page.goto('/demo');
  await page.getByTestId('demo-title').fill(title);
  await page.getByTestId('demo-description').fill('Nobody on floor 2 can print since this morning.');
  await page.getByTestId('demo-raise-submit').click();
  await expect(page).toHaveURL(/\/demo\?ticket=\d+$/);
  await expect(page.getByTestId('demo-ticket')).toContainText(title);
}

test('the demo console is in the navigation in demo mode', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('nav-demo').click();
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByTestId('demo-raise')).toBeVisible();
});

test('a ticket raised as a contact wakes a session the rule agent works live', async ({ page }) => {
  await signIn(page);
  await registerWebhooks(page);
  await raise(page, 'Printer on floor 2 offline');
  // The webhook arrives and the session is created within a few seconds.
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId('demo-session-link').count();
    }, { timeout: 30_000 })
    .toBe(1);
  await page.getByTestId('demo-session-link').click();
  await expect(page).toHaveURL(/\/sessions\/\d+$/);
  await expect(page.getByTestId('session-context')).toContainText('Printer on floor 2 offline');
  // No reload from here on: the page updates itself while the agent works.
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="session-call"][data-tool="autotask:autotask-list-notes"]')).toHaveCount(1, { timeout: 30_000 });
  const note = page.locator('[data-testid="session-call"][data-tool="autotask:autotask-internal-note"]');
  await expect(note).toHaveCount(1, { timeout: 30_000 });
  await expect(note).toHaveAttribute('data-state', 'done');
  await expect(note.getByTestId('session-call-arguments')).toContainText('Relay rule agent', { useInnerText: false });
  // The note is on the ticket, internal, written by Relay's API user.
  await page.goBack();
  await page.reload();
  await expect(page.getByTestId('demo-notes')).toContainText('Relay rule agent');
  await expect(page.getByTestId('demo-notes')).toContainText('Internal');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the demo console raises a ticket with a plain form', async ({ page }) => {
    await signIn(page);
    await raise(page, 'Outlook keeps asking for my password');
  });
});
