import { test, expect, Page } from '@playwright/test';

// The voice agent against the demo: settings (secret shown once, defaults), then a demo call
// placed from the Calls page, whose ticket and transcript appear in the history. Runs after
// auth.spec.ts (the admin) and connects the demo tenant itself when needed.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const demo = { username: 'relay-api@demo-msp.example', secret: 'demo-secret-not-real', tracking: 'DEMOTRACKINGIDENTIFIER00001' };

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

async function connected(page: Page) {
  await page.goto('/settings/voice');
  if (await page.getByTestId('voice-unavailable').isVisible()) {
    await page.goto('/settings/integrations/autotask');
    const form = page.getByTestId('credentials-form');
    await form.getByLabel('Username').fill(demo.username);
    await form.getByLabel('Secret').fill(demo.secret);
    await form.getByLabel('API Tracking Identifier').fill(demo.tracking);
    await form.getByRole('button', { name: /Check and/ }).click();
    await expect(page.getByTestId('integration-summary')).toBeVisible();
    await page.goto('/settings/voice');
  }
}

test('voice settings: the secret is shown once, defaults are checked and saved', async ({ page }) => {
  await signIn(page);
  await connected(page);
  await expect(page.getByTestId('voice-url')).toContainText('/hooks/voice/');
  await expect(page.getByTestId('voice-secret')).toContainText('…');
  await page.getByTestId('voice-rotate').click();
  await expect(page.getByText('shown only this once')).toBeVisible();
  const shown = await page.getByTestId('voice-secret').textContent();
  expect(shown).not.toContain('…');
  await page.reload();
  await expect(page.getByTestId('voice-secret')).toContainText('…');

  await page.getByLabel(/Priority/).fill('9');
  await page.getByTestId('voice-save').click();
  await expect(page.locator('[data-field-error="priority"]')).toContainText('not one of');
  await page.getByTestId('voice-enabled').check();
  await page.getByLabel(/Priority/).fill('2');
  await page.getByLabel(/Company for unknown callers/).fill('0');
  await page.getByTestId('voice-save').click();
  await expect(page.locator('[data-field-error="priority"]')).toHaveText('');
  await page.reload();
  await expect(page.getByTestId('voice-enabled')).toBeChecked();
  await expect(page.getByTestId('voice-index')).toContainText('contacts');
});

test('a demo call appears in the call history with its ticket and transcript', async ({ page }) => {
  await signIn(page);
  await page.goto('/calls');
  // The result line is filled in by the hydrated page (a plain post places the call too, but
  // comes back without it).
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByTestId('demo-call').first().click();
  await expect(page.getByTestId('demo-call-result')).toContainText('Call placed');
  await expect(async () => {
    await page.reload();
    const call = page.getByTestId('call').first();
    await expect(call.getByTestId('call-match')).toContainText('Alicia Park');
    await expect(call.getByTestId('call-ticket')).toContainText('T');
    await expect(call.getByTestId('call-state')).toHaveText('Done');
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('call').first().getByText('Transcript').click();
  await expect(page.getByTestId('call-transcript').first()).toContainText('Caller: Hi, it\'s Alicia Park');
});
