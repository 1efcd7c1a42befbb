import { test, expect, Page } from '@playwright/test';

// The webhook card against the demo tenant: register both definitions from the card, see a
// deactivation the simulator causes (as Autotask does after 25 failed deliveries), reactivate,
// and the budget panel with Relay's requests split by purpose. Runs after connect.spec.ts
// (admin created, demo tenant connected); session.spec.ts may have registered the webhooks
// already, so the first step removes them and registers afresh.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const PAGE = '/settings/integrations/autotask';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

async function open(page: Page) {
  await page.goto(PAGE);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

// The simulator's control API sits on the zone's origin.
async function simOrigin(page: Page) {
  return new URL((await page.getByTestId('Zone').textContent()) ?? '').origin;
}

test('register from the card: both definitions active, registered by Relay', async ({ page }) => {
  await signIn(page);
  await open(page);
  const definitions = page.getByTestId('webhook-definition');
  if ((await definitions.count()) > 0) {
    await page.getByTestId('unregister-webhooks').click();
    await expect(page.getByTestId('no-definitions')).toBeVisible({ timeout: 30_000 });
  }
  await expect(page.getByTestId('register-webhooks')).toHaveText('Register in Autotask for me');
  await page.getByTestId('register-webhooks').click();
  await expect(definitions).toHaveCount(2, { timeout: 30_000 });
  for (const label of ['Tickets', 'Ticket notes']) {
    const row = page.locator(`[data-testid="webhook-definition"][data-label="${label}"]`);
    await expect(row).toHaveAttribute('data-active', 'true');
    await expect(row).toHaveAttribute('data-by-relay', 'true');
    await expect(row).toContainText('Registered by Relay');
    await expect(row).toContainText('Excluded resources: ');
    await expect(row).not.toContainText('Excluded resources: none');
  }
  await expect(page.getByTestId('register-webhooks')).toHaveText('Repair in Autotask');
});

test('a deactivation shows with its reason; Reactivate turns the webhook back on', async ({ page }) => {
  await signIn(page);
  await open(page);
  const tickets = page.locator('[data-testid="webhook-definition"][data-label="Tickets"]');
  const id = await tickets.getAttribute('data-autotask-id');
  expect(id).toMatch(/^\d+$/);
  // As Autotask after 25 failed deliveries: the definition goes inactive and Autotask calls
  // the deactivation URL, which Relay records. No reload: the page polls.
  const sim = await simOrigin(page);
  const res = await page.request.post(`${sim}/_sim/webhooks/TicketWebhooks/${id}/deactivate`);
  expect(res.ok()).toBeTruthy();
  await expect(page.getByTestId('webhook-deactivated')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('webhook-deactivation-reason')).not.toHaveText('');
  await expect(tickets).toHaveAttribute('data-active', 'false');

  await page.getByTestId('reactivate-webhooks').click();
  await expect(page.getByTestId('webhook-deactivated')).toHaveCount(0, { timeout: 15_000 });
  await expect(tickets).toHaveAttribute('data-active', 'true');
  await expect(page.locator('[data-testid="webhook-definition"][data-active="true"]')).toHaveCount(2);
  // Survives a reload: the state is the server's.
  await page.reload();
  await expect(page.getByTestId('webhook-deactivated')).toHaveCount(0);
});

test('the budget panel shows Relay\'s requests by purpose with numbers', async ({ page }) => {
  await signIn(page);
  await open(page);
  const panel = page.getByTestId('budget-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('budget-relay')).toHaveText(/^Relay sent [1-9]\d* of them/);
  // Registering and reactivating above are the wizard's requests.
  const wizard = page.locator('[data-testid="budget-purpose"][data-purpose="wizard"]');
  await expect(wizard).toHaveText(/^wizard: [1-9]\d*$/);
  await expect(page.getByTestId('budget-chart').locator('div')).toHaveCount(24);
  await expect(page.getByTestId('budget-state')).not.toHaveText('');
});
