import { test, expect, Page } from '@playwright/test';

// Tool policies, the default mode and a client's mode switch. Runs after connect.spec.ts,
// which connected the demo tenant and imported its clients.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const PAGE = '/settings/integrations/autotask';
const UPDATE = 'autotask:autotask-update-ticket';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

function row(page: Page, tool: string) {
  return page.getByTestId('tool-policies').locator(`tr[data-tool="${tool}"]`);
}

async function changeAndReset(page: Page) {
  const card = page.getByTestId('tool-policies');
  await expect(card.locator('tr[data-tool]')).toHaveCount(20);
  await expect(row(page, UPDATE)).toHaveAttribute('data-policy', 'approval_needed');
  await row(page, UPDATE).getByRole('combobox').selectOption('auto');
  await row(page, UPDATE).getByTestId('save-policy').click();
  await expect(row(page, UPDATE)).toHaveAttribute('data-policy', 'auto');
  await expect(page.getByTestId('policy-changes')).toContainText('autotask-update-ticket from approval needed to auto');
  await expect(page.getByTestId('policy-changes')).toContainText(admin.email);
  await page.getByTestId('reset-policies').click();
  await expect(row(page, UPDATE)).toHaveAttribute('data-policy', 'approval_needed');
  await expect(page.getByTestId('policy-changes').locator('li').first()).toContainText('reset every tool to its default');
}

async function switchMode(page: Page) {
  await page.goto('/clients');
  await page.locator('tbody a').first().click();
  await expect(page).toHaveURL(/\/clients\/\d+$/);
  const mode = page.getByTestId('mode-switch');
  const before = await mode.getAttribute('data-mode');
  const next = before === 'plan' ? 'execute' : 'plan';
  await mode.getByLabel(next === 'plan' ? /^Plan/ : /^Execute/).check();
  await mode.getByTestId('save-mode').click();
  await expect(mode).toHaveAttribute('data-mode', next);
  await page.reload();
  await expect(page.getByTestId('mode-switch')).toHaveAttribute('data-mode', next);
  await expect(page.getByTestId('client-sessions')).toBeVisible();
}

test('a policy changes and resets, with who changed it', async ({ page }) => {
  await signIn(page);
  await page.goto(PAGE);
  await hydrated(page);
  await changeAndReset(page);
});

test('a client switches between plan and execute', async ({ page }) => {
  await signIn(page);
  await hydrated(page);
  await switchMode(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a policy changes and resets', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await changeAndReset(page);
  });

  test('the mode switch posts and comes back', async ({ page }) => {
    await signIn(page);
    await switchMode(page);
  });

  test('the default mode for new clients is saved', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    const card = page.getByTestId('default-mode');
    await card.getByLabel(/^Execute/).check();
    await card.getByTestId('save-default-mode').click();
    await expect(page).toHaveURL(/mode_saved=1/);
    await expect(page.getByTestId('default-mode').getByLabel(/^Execute/)).toBeChecked();
    await page.getByTestId('default-mode').getByLabel(/^Plan/).check();
    await page.getByTestId('default-mode').getByTestId('save-default-mode').click();
    await expect(page.getByTestId('default-mode').getByLabel(/^Plan/)).toBeChecked();
  });
});
