import { test, expect, Page } from '@playwright/test';

// One fresh Relay per run: these steps build on each other (setup creates the only admin).
test.describe.configure({ mode: 'serial' });

const admin = { msp: 'Harbour IT (test)', name: 'Ada Admin', email: 'ada@harbour-it.example', password: 'test-only-password-123' };

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

async function submitSetup(page: Page, confirmation: string) {
  await page.goto('/setup');
  await hydrated(page);
  await page.getByLabel('MSP name').fill(admin.msp);
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Confirm password').fill(confirmation);
  await page.getByRole('button', { name: 'Create MSP and sign in' }).click();
}

test('a signed-out visit to an admin page on a fresh install goes to setup', async ({ page }) => {
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up Relay' })).toBeVisible();
});

test('setup shows validation errors on the field at fault and keeps input', async ({ page }) => {
  await submitSetup(page, 'something-else-entirely');
  await expect(page.locator('[data-field-error="password_confirm"]')).toHaveText('The two passwords do not match.');
  await expect(page.getByLabel('Email')).toHaveValue(admin.email);
});

test('first-admin setup creates the MSP and signs in', async ({ page }) => {
  await submitSetup(page, admin.password);
  await expect(page).toHaveURL(/\/settings\/integrations$/);
  await expect(page.getByTestId('autotask-status')).toHaveText('Not connected');
  await expect(page.getByTestId('signed-in-as')).toContainText(admin.name);
  await page.goto('/settings');
  await expect(page.getByTestId('msp-name')).toHaveText(admin.msp);
});

test('setup is closed once an admin exists', async ({ page }) => {
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/login$/);
});

test('wrong password and unknown account are explained on the form', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-field-error="password"]')).toHaveText('That password is not right. Check it and try again.');
  await page.getByLabel('Email').fill('nobody@harbour-it.example');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-field-error="email"]')).toHaveText('No administrator account uses that email address.');
  await expect(page).toHaveURL(/\/login/);
});

test('sign-in, then sign-out; admin pages are refused afterwards', async ({ page }) => {
  await page.goto('/activity');
  await expect(page).toHaveURL(/\/login\?next=%2Factivity$/);
  await hydrated(page);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/activity$/);
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/clients');
  await expect(page).toHaveURL(/\/login\?next=%2Fclients$/);
  const api = await page.request.post('/api/admin/clients', { form: { search: '', page: '1' } });
  expect(api.status()).toBe(401);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the sign-in form reports errors and signs in', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('still-not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('[data-field-error="password"]')).toHaveText('That password is not right. Check it and try again.');
    await expect(page.getByLabel('Email')).toHaveValue(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/clients$/);
    await expect(page.getByRole('heading', { name: 'Clients' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
