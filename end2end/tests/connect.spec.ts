import { test, expect, Page, Browser } from '@playwright/test';

// The Autotask connect journey against the demo simulated tenant. Runs after auth.spec.ts,
// which created the admin below; these steps build on each other.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
// The demo tenant's fixed, obviously fake credentials (server/sim/src/config.rs).
const demo = { username: 'relay-api@demo-msp.example', secret: 'demo-secret-not-real', tracking: 'DEMOTRACKINGIDENTIFIER00001' };
const PAGE = '/settings/integrations/autotask';

// Across the whole journey the browser must log no error and the wasm app must never panic
// (a panicked app stops reacting until a reload). Tests that provoke an error answer on
// purpose name the server function whose failed response they expect.
type Watch = { problems: string[]; expectedFailures: RegExp[] };
const watches = new WeakMap<Page, Watch>();

test.beforeEach(async ({ page }) => {
  const watch: Watch = { problems: [], expectedFailures: [] };
  watches.set(page, watch);
  page.on('pageerror', (error) => watch.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    const expected =
      message.text().startsWith('Failed to load resource') &&
      watch.expectedFailures.some((url) => url.test(where));
    if (!expected) watch.problems.push(`console error: ${message.text()} (${where})`);
  });
});

test.afterEach(async ({ page }) => {
  // Long enough for the connect-step poll (every 250 ms) to run once more after the last step.
  await page.waitForTimeout(600);
  expect(watches.get(page)?.problems ?? []).toEqual([]);
});

function expectFailedResponses(page: Page, url: RegExp) {
  watches.get(page)?.expectedFailures.push(url);
}

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

async function fillCredentials(page: Page, username: string, secret: string, tracking = demo.tracking) {
  const form = page.getByTestId('credentials-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Secret').fill(secret);
  await form.getByLabel('API Tracking Identifier').fill(tracking);
  await form.getByRole('button', { name: /Check and/ }).click();
}

test('each credential error lands on its field', async ({ page }) => {
  expectFailedResponses(page, /\/api\/integrations\/autotask\/save/);
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  await fillCredentials(page, 'nobody@demo-msp.example', demo.secret);
  await expect(page.locator('[data-field-error="username"]')).toContainText('Autotask does not know this API user');
  await fillCredentials(page, demo.username, 'wrong-secret-not-real');
  await expect(page.locator('[data-field-error="secret"]')).toContainText('rejected this username and secret');
  await expect(page.locator('[data-field-error="username"]')).toHaveText('');
});

test('valid credentials connect; the secret is only shown masked', async ({ page }) => {
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  await fillCredentials(page, demo.username, demo.secret);
  await expect(page.getByTestId('integration-summary')).toBeVisible();
  await expect(page.getByTestId('Username')).toHaveText(demo.username);
  await expect(page.getByTestId('Secret')).toHaveText(/^•+$/);
  await expect(page.getByTestId('webhook-status')).toHaveText('Waiting for Autotask');
  expect(await page.content()).not.toContain(demo.secret);
});

test('Autotask too slow during a save is a banner; a retry succeeds', async ({ page }) => {
  test.setTimeout(90_000);
  expectFailedResponses(page, /\/api\/integrations\/autotask\/save/);
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  const sim = new URL((await page.getByTestId('Zone').textContent()) ?? '').origin;
  // The next Autotask call hangs past Relay's 20 s request timeout.
  await page.request.put(`${sim}/_sim/faults`, { data: { hangNext: 1, hangMs: 40_000 } });
  await page.locator('summary', { hasText: 'Edit credentials' }).click();
  await fillCredentials(page, demo.username, demo.secret);
  const form = page.getByTestId('credentials-form');
  await expect(form.getByRole('alert')).toContainText('could not be reached or answered too slowly', { timeout: 40_000 });
  await page.request.delete(`${sim}/_sim/faults`);
  await form.getByLabel('Secret').fill(demo.secret);
  await form.getByRole('button', { name: /Check and/ }).click();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.getByRole('button', { name: /Check and/ })).toBeEnabled();
});

test('company types come from Autotask and the import runs to completion', async ({ page }) => {
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  const types = page.getByTestId('types-form');
  await expect(types.locator('input[data-type-label="Customer"]')).toBeChecked();
  await types.getByRole('button', { name: 'Import' }).click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts')).toContainText('new clients');
  // Survives a reload: the finished job is rendered by the server.
  await page.reload();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'done');
});

test('imported clients are listed with active agents', async ({ page }) => {
  await signIn(page);
  await page.goto('/clients');
  await expect(page.locator('td[data-agent-status="active"]').first()).toBeVisible();
  await expect(page.locator('td[data-agent-status="provisioning"]')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'Customer' }).first()).toBeVisible();
});

test('the webhook URL copies and the card turns Connected on the readiness ping', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  // A page load shows the URL's token masked, with no Copy; the secret key likewise.
  await expect(page.getByTestId('webhook-url')).toHaveAttribute('data-masked', 'true');
  await expect(page.getByTestId('webhook-url')).toHaveValue(/\?secret=•+$/);
  await expect(page.getByTestId('webhook-url-copy')).toHaveCount(0);
  await expect(page.getByTestId('signature-status')).toHaveAttribute('data-required', 'true');
  // Reveal is a POST; the answer shows the URL and the separate secret key in clear, once.
  await page.getByTestId('reveal-secrets').click();
  await expect(page.getByTestId('webhook-url')).toHaveValue(/\/hooks\/autotask\/\d+\?secret=[A-Za-z0-9_-]{20,}$/);
  const url = await page.getByTestId('webhook-url').inputValue();
  const key = await page.getByTestId('webhook-secret').inputValue();
  expect(key).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
  expect(url).not.toContain(key);
  await page.getByTestId('webhook-url-copy').click();
  await expect(page.getByTestId('webhook-url-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

  // The simulator's control API sits on the zone's origin; ask it to send the readiness GET.
  const zone = (await page.getByTestId('Zone').textContent()) ?? '';
  const sim = new URL(zone).origin;
  const res = await page.request.post(`${sim}/_sim/readiness`, { data: { url } });
  expect(res.ok()).toBeTruthy();
  // No reload: the page polls.
  await expect(page.getByTestId('webhook-status')).toContainText('Connected since', { timeout: 10_000 });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the credential form posts and reports errors on the field', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await page.locator('summary', { hasText: 'Edit credentials' }).click();
    await fillCredentials(page, demo.username, 'wrong-secret-not-real');
    await expect(page.locator('[data-field-error="secret"]')).toContainText('rejected this username and secret');
    expect(page.url()).not.toContain('wrong-secret-not-real');
    await expect(page.getByTestId('credentials-form').getByLabel('Username')).toHaveValue(demo.username);
    // A failed edit changed nothing: still connected with the stored credentials.
    await expect(page.getByTestId('Username')).toHaveText(demo.username);
  });
});
