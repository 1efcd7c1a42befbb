import { test, expect, Page } from '@playwright/test';

// Identity verification as a newcomer sees it in the demo: a password-reset ticket raised from
// the demo console gets a "verification sent" note and waits; the push is approved in the
// simulated provider's page; the outcome note follows and the agent proceeds with its triage.
// Runs after connect.spec.ts (admin created, demo tenant connected, clients imported).
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

async function registerWebhooks(page: Page) {
  await page.goto('/settings/integrations/autotask');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByTestId('register-webhooks').click();
  await expect(page.getByTestId('webhook-definition')).toHaveCount(2, { timeout: 30_000 });
}

async function notesShow(page: Page, text: string) {
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId('demo-notes').innerText();
    }, { timeout: 30_000 })
    .toContain(text);
}

test('a reset ticket is verified with the requester before the agent acts', async ({ page, context }) => {
  await signIn(page);
  await registerWebhooks(page);
  await page.goto('/demo');
  // The console connects the simulated provider and links its page.
  const providerLink = page.getByTestId('demo-verify-link');
  await expect(providerLink).toBeVisible();
  const providerUrl = await providerLink.getAttribute('href');
  expect(providerUrl).toMatch(/\/_sim\/verify$/);

  await page.getByTestId('demo-title').fill("I'm locked out, please reset my password");
  await page.getByTestId('demo-description').fill('Since this morning I cannot sign in.');
  await page.getByTestId('demo-raise-submit').click();
  await expect(page).toHaveURL(/\/demo\?ticket=\d+$/);

  await notesShow(page, 'Identity verification sent');
  await expect(page.getByTestId('demo-notes')).toContainText('Traceless');
  // The agent waits: no triage note yet.
  await expect(page.getByTestId('demo-notes')).not.toContainText('Relay rule agent');

  // Approve the push as the person would on their phone.
  const provider = await context.newPage();
  await provider.goto(providerUrl!);
  // Newest first: the push for this ticket.
  const pending = provider.locator('tr[data-status="pending"]').first();
  await expect(pending).toBeVisible();
  const id = await pending.getAttribute('data-challenge');
  await pending.getByTestId('verify-approve').click();
  await expect(provider.locator(`tr[data-challenge="${id}"]`)).toHaveAttribute('data-status', 'approved');

  await notesShow(page, 'Identity verification approved');
  // The agent proceeds under its policies: its triage note follows.
  await notesShow(page, 'Relay rule agent');

  // The client page lists the verification with its state.
  const header = await page.getByTestId('demo-ticket').locator('p').first().innerText();
  const client = header.split(' · ')[0].trim();
  await page.goto(`/clients?q=${encodeURIComponent(client)}`);
  await page.getByRole('link', { name: client, exact: true }).first().click();
  await expect(page).toHaveURL(/\/clients\/\d+$/);
  const section = page.getByTestId('client-verifications');
  await expect(section.locator('tr[data-state="approved"]').first()).toBeVisible({ timeout: 30_000 });
});
