import { test, expect, Page } from '@playwright/test';

// Settings → Outgoing mail against the demo's simulated SMTP server. Runs after auth.spec.ts
// (which created the admin). Ends with the demo server saved, so later specs get mail.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const PAGE = '/settings/outgoing-mail';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

test('the page is linked from Settings and names the demo mail server', async ({ page }) => {
  await signIn(page);
  await page.goto('/settings');
  await page.getByTestId('outgoing-mail-link').click();
  await expect(page).toHaveURL(/\/settings\/outgoing-mail$/);
  await expect(page.getByTestId('demo-mail-server')).toContainText('127.0.0.1');
});

test('settings pointing at the demo server are saved and a test mail arrives', async ({ page, request }) => {
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  await signIn(page);
  await page.goto(PAGE);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  const port = (await page.getByTestId('demo-mail-port').textContent()) ?? '';
  expect(port).toMatch(/^\d+$/);
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill(port);
  await page.getByTestId('mail-tls').selectOption('none');
  await page.getByLabel('User name').fill('relay');
  await page.getByTestId('mail-password').fill('fake-demo-smtp-password');
  await page.getByLabel('Sender address').fill('relay@harbour-it.example');
  await page.getByLabel('Sender name').fill('Harbour Relay');
  await page.getByTestId('save-mail').click();
  await expect(page.getByTestId('mail-saved')).toBeVisible();
  await expect(page.getByTestId('mail-password-help')).toContainText('Stored');
  await expect(page.getByTestId('mail-password')).toHaveValue('');

  await page.getByTestId('mail-test-to').fill('ada@harbour-it.example');
  await page.getByTestId('send-test-mail').click();
  await expect(page.getByTestId('mail-test-report')).toContainText('Sent to ada@harbour-it.example');
  await expect(page.getByTestId('mail-test-report')).toHaveAttribute('data-ok', 'true');

  // The simulated server's inbox (linked from the page) holds the message.
  const inbox = (await page.getByTestId('demo-mail-server').getByRole('link').getAttribute('href')) ?? '';
  const list = await (await request.get(`${inbox}messages`)).json();
  const subjects = list.messages.map((m: { subject: string }) => m.subject);
  expect(subjects).toContain('Relay test mail');
  expect(failures).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('plain SMTP to a remote host is refused on its field, the password stays out of the URL', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await page.getByLabel('Host').fill('smtp.example.com');
    await page.getByTestId('mail-tls').selectOption('none');
    await page.getByTestId('mail-password').fill('fake-typed-password');
    await page.getByTestId('save-mail').click();
    await expect(page.locator('[data-field-error="tls"]')).toContainText('only to a server on this machine');
    expect(page.url()).not.toContain('fake-typed-password');
    await expect(page.getByLabel('Host')).toHaveValue('smtp.example.com');
  });

  test('a test mail is reported after a plain form post', async ({ page }) => {
    await signIn(page);
    await page.goto(PAGE);
    await page.getByTestId('mail-test-to').fill('ada@harbour-it.example');
    await page.getByTestId('send-test-mail').click();
    await expect(page.getByTestId('mail-test-report')).toContainText('Sent to ada@harbour-it.example');
  });
});

test('the demo console links to the mail Relay sent', async ({ page }) => {
  await signIn(page);
  await page.goto('/demo');
  await expect(page.getByTestId('demo-mail-inbox')).toHaveText('Mail sent by Relay');
});
