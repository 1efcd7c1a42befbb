import { test, expect, Page } from '@playwright/test';

// Settings → Identity verification against the demo's simulated provider: connect it as
// Traceless with the credentials the demo prints on the page, test the connection, add a
// classifier phrase and try it. Runs after auth.spec.ts (which created the admin). Leaves the
// simulated provider connected (the verification flow spec relies on it) and no phrase added.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const PAGE = '/settings/verification';
const PHRASE = 'relay e2e badge printer';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

test('the page is linked from Settings and says Traceless has no public API reference', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await page.getByTestId('verification-link').click();
  await expect(page).toHaveURL(/\/settings\/verification$/);
  await expect(page.getByTestId('traceless-no-reference')).toContainText('no public API reference');
  await expect(page.getByTestId('demo-verifier')).toBeVisible();
});

test('the simulated provider is connected as Traceless and its connection test succeeds', async ({ page }) => {
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  await signIn(page);
  await page.goto(PAGE);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const baseUrl = (await page.getByTestId('demo-verifier-url').textContent()) ?? '';
  const org = (await page.getByTestId('demo-organization-id').textContent()) ?? '';
  const secret = (await page.getByTestId('demo-signing-secret').textContent()) ?? '';
  expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await page.getByTestId('provider-traceless').check();
  await expect(page.getByTestId('duo-fields')).toBeHidden();
  await page.getByLabel('Base URL').fill(baseUrl);
  await page.getByLabel('Organisation id').fill(org);
  await page.getByLabel('Signing secret').fill(secret);
  await page.getByTestId('save-verification').click();
  await expect(page.getByTestId('verification-saved')).toBeVisible();
  await expect(page.getByTestId('traceless_secret-state')).toContainText('Stored.');
  await expect(page.getByLabel('Signing secret')).toHaveValue('');
  await page.getByTestId('test-verification').click();
  await expect(page.getByTestId('verification-test-report')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('verification-test-report')).toContainText("accepted Relay's signed check");
  await page.reload();
  // The demo hint prints the fake secret on purpose; what must never carry it is a form field.
  const values = await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values).not.toContain(secret);
  expect(failures).toEqual([]);
});

test('a phrase is added, makes a sample ticket sensitive, and is undone', async ({ page }) => {
  await signIn(page);
  await page.goto(PAGE);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('Add a phrase').fill(PHRASE);
  await page.getByTestId('add_phrase-button').click();
  await expect(page.getByTestId('phrase-list')).toContainText(PHRASE);
  await page.getByLabel('Ticket title').fill(`The ${PHRASE} is jammed`);
  await page.getByTestId('try-button').click();
  await expect(page.getByTestId('try-verdict')).toHaveAttribute('data-sensitive', 'true');
  await expect(page.getByTestId('try-verdict')).toContainText(PHRASE);
  await page.getByTestId('phrase-row').filter({ hasText: PHRASE }).getByTestId('undo-phrase').click();
  await expect(page.getByTestId('phrase-list')).not.toContainText(PHRASE);
});
