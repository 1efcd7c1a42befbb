import { test, expect, Page } from '@playwright/test';

// Settings → Agent brain against the demo's fake OpenAI-compatible endpoint. Runs after
// auth.spec.ts (which created the admin). Ends with the rule agent selected again, so later
// specs that watch the rule agent work a ticket are unaffected.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const PAGE = '/settings/agent-brain';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

// The demo shows the fake endpoint's URL and (fake) key on the page.
async function demoEndpoint(page: Page) {
  const codes = page.getByTestId('demo-endpoint').locator('code');
  return { baseUrl: (await codes.nth(0).textContent()) ?? '', key: (await codes.nth(1).textContent()) ?? '' };
}

test('the settings page is linked from Settings', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await page.getByTestId('agent-brain-link').click();
  await expect(page).toHaveURL(/\/settings\/agent-brain$/);
  await expect(page.getByTestId('kind-rules')).toBeChecked();
  await expect(page.getByTestId('brain-presets')).toContainText('LM Studio');
});

test('an endpoint is saved with its key masked, then tested', async ({ page }) => {
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  await signIn(page);
  await page.goto(PAGE);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const fake = await demoEndpoint(page);
  expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  await page.getByTestId('kind-openai').check();
  await page.getByLabel('Base URL').fill(fake.baseUrl);
  await page.getByLabel('Model').fill('demo-model');
  await page.getByLabel('API key').fill(fake.key);
  await page.getByTestId('save-brain').click();
  await expect(page.getByTestId('brain-saved')).toBeVisible();
  await expect(page.getByTestId('brain-settings')).toContainText('Stored: ••••••••');
  await expect(page.getByLabel('API key')).toHaveValue('');
  await page.getByTestId('test-brain').click();
  await expect(page.getByTestId('brain-test-report')).toContainText('The endpoint works for the agent.');
  await expect(page.getByTestId('brain-test-report')).toContainText('tool_choice is accepted');
  await page.reload();
  // The demo hint prints the fake key on purpose; what must never carry it is a form field.
  const values = await page.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  expect(values).not.toContain(fake.key);
  await expect(page.getByLabel('API key')).toHaveValue('');
  expect(failures).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a bad URL is refused on its field and the key stays out of the URL', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await page.getByLabel('Base URL').fill('ftp://models.example');
    await page.getByLabel('API key').fill('sk-fake-typed-not-real');
    await page.getByTestId('save-brain').click();
    await expect(page.locator('[data-field-error="base_url"]')).toContainText('must start with https://');
    expect(page.url()).not.toContain('sk-fake-typed-not-real');
    await expect(page.getByLabel('Base URL')).toHaveValue('ftp://models.example');
  });

  test('the test button reports, and the rule agent can be chosen again', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await page.getByTestId('test-brain').click();
    await expect(page.getByTestId('brain-test-report')).toContainText('answered with a tool call');
    const fake = await demoEndpoint(page);
    await page.getByLabel('Base URL').fill(fake.baseUrl);
    await page.getByTestId('kind-rules').check();
    await page.getByTestId('save-brain').click();
    await expect(page.getByTestId('brain-saved')).toBeVisible();
    await expect(page.getByTestId('kind-rules')).toBeChecked();
  });
});
