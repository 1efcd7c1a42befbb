import { test, expect, Page, Browser } from '@playwright/test';

// Approvals as a technician and an admin see them. Named to run after connect.spec.ts and
// session.spec.ts (admin created, demo tenant connected, clients imported, webhooks on): a
// ticket of a client in execute mode gets a plan note with approve/deny links; the link page
// works without JavaScript (the one-time code comes from the demo's mail inbox); the pending
// list shows plans and cancels one.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

// The client of the demo console's first contact, switched to execute mode (plain form post).
async function executeModeForFirstContact(page: Page): Promise<string> {
  await page.goto('/demo');
  const group = page.getByTestId('demo-contact').locator('optgroup').first();
  const client = (await group.getAttribute('label')) ?? '';
  await page.goto('/clients');
  await page.getByRole('link', { name: client, exact: true }).first().click();
  await expect(page).toHaveURL(/\/clients\/\d+$/);
  const mode = page.getByTestId('mode-switch');
  if ((await mode.getAttribute('data-mode')) !== 'execute') {
    await mode.getByLabel(/^Execute/).check();
    await mode.getByTestId('save-mode').click();
    await expect(page.getByTestId('mode-switch')).toHaveAttribute('data-mode', 'execute');
  }
  return page.url();
}

// Raise a ticket and wait for the plan note; the approve link in it.
async function raiseAndWaitForPlan(page: Page, title: string): Promise<string> {
  await page.goto('/demo');
  await page.getByTestId('demo-title').fill(title);
  await page.getByTestId('demo-description').fill('Please close this, it works again.');
  await page.getByTestId('demo-raise-submit').click();
  await expect(page).toHaveURL(/\/demo\?ticket=\d+$/);
  let link = '';
  let reassigned = false;
  await expect
    .poll(async () => {
      await page.reload();
      const text = await page.getByTestId('demo-notes').innerText();
      link = text.match(/https?:\/\/\S+\/approve\/[A-Za-z0-9_-]{43}/)?.[0] ?? '';
      if (!link && !reassigned && text.includes('assign a technician to approve')) {
        // Only the assigned resource may decide, and a new ticket has none: assign one as a
        // dispatcher would; Relay then re-issues the plan with its links.
        await page.locator('form', { has: page.getByRole('button', { name: 'Reassign' }) })
          .getByRole('button', { name: 'Reassign' }).click();
        await page.waitForLoadState();
        reassigned = true;
      }
      return link;
    }, { timeout: 60_000 })
    .not.toBe('');
  return new URL(link).pathname;
}

async function setLinkOnly(page: Page, on: boolean) {
  await page.goto('/settings/integrations/autotask');
  const status = page.getByTestId('link-only-status');
  if ((await status.getAttribute('data-link-only')) !== String(on)) {
    await page.getByTestId('link-only-toggle').click();
    await expect(page.getByTestId('link-only-status')).toHaveAttribute('data-link-only', String(on));
  }
}

// The six digits of the last mail in the simulated mail server's inbox (linked from /demo).
async function lastMailedCode(page: Page): Promise<string> {
  await page.goto('/demo');
  const inbox = (await page.getByTestId('demo-mail-inbox').getAttribute('href')) ?? '';
  let code = '';
  await expect
    .poll(async () => {
      const { messages: mails } = await (await page.request.get(new URL('messages', inbox).toString())).json();
      const last = mails[mails.length - 1];
      code = last?.text?.match(/\b\d{6}\b/)?.[0] ?? '';
      return code;
    }, { timeout: 15_000 })
    .not.toBe('');
  return code;
}

async function noScriptPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

test('the approval page works without JavaScript and its form decides', async ({ page, browser }) => {
  await signIn(page);
  await executeModeForFirstContact(page);
  const approve = await raiseAndWaitForPlan(page, 'Close my solved VPN ticket');
  await setLinkOnly(page, true);

  // A technician is not signed in to Relay, and their browser may run no script.
  const tech = await noScriptPage(browser);
  await tech.goto(approve);
  await expect(tech.getByTestId('plan-code')).toHaveText(/^R-[A-Z0-9]{4}$/);
  await expect(tech.getByTestId('steps')).toContainText('→');
  await expect(tech.getByTestId('plan-state')).toHaveText('pending');
  // Reloading (a link scanner's GET) decides nothing.
  await tech.reload();
  await expect(tech.getByTestId('plan-state')).toHaveText('pending');
  await tech.getByTestId('decide').click();
  // The demo has an outgoing mail server (the simulated one), so pressing Approve mails a
  // one-time code to the approver: read it from the demo's inbox, as the technician would.
  await expect(tech.getByTestId('code-form')).toBeVisible();
  const code = await lastMailedCode(page);
  await tech.locator('#code').fill(code);
  await tech.getByTestId('confirm-code').click();
  await expect(tech.getByTestId('approval-outcome')).toHaveAttribute('data-state', 'approved');
  // The link is used: the neutral page from now on.
  await tech.goto(approve);
  await expect(tech.getByTestId('approval-neutral')).toBeVisible();
  await setLinkOnly(page, false);
});

test('the pending list shows a plan and cancels it', async ({ page }) => {
  await signIn(page);
  const clientPage = await executeModeForFirstContact(page);
  await raiseAndWaitForPlan(page, 'Please set my printer ticket to complete');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Approvals' }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  const rows = page.getByTestId('pending-approvals').locator('tr[data-approval]');
  await expect(rows.first()).toBeVisible();
  const code = await rows.first().getAttribute('data-plan-code');
  await expect(rows.first()).toContainText('→');
  // The client's page lists it too.
  await page.goto(clientPage);
  await expect(page.getByTestId('client-approvals').locator(`tr[data-plan-code="${code}"]`)).toHaveCount(1);
  await page.goto('/approvals');
  await page.locator(`tr[data-plan-code="${code}"]`).getByTestId('cancel-approval').click();
  await expect(page.locator(`tr[data-plan-code="${code}"]`)).toHaveCount(0);
});

test('the assigned technician approves by replying on the ticket, and the steps run', async ({ page }) => {
  await signIn(page);
  await executeModeForFirstContact(page);
  await raiseAndWaitForPlan(page, 'Please mark my mailbox ticket as done');
  const notes = await page.getByTestId('demo-notes').innerText();
  // The code of the plan note with the links (not of the earlier "assign a technician" one).
  const code = notes.match(/Plan code: (R-[A-Z0-9]{4})/)?.[1] ?? '';
  expect(code).not.toBe('');
  // Only the ticket's assigned resource may decide: reply as that technician.
  const header = await page.getByTestId('demo-ticket').locator('p').first().innerText();
  const assigned = header.match(/assigned to (.+?)(?: · |$)/)?.[1]?.trim() ?? '';
  expect(assigned).not.toBe('nobody');
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Reply as technician' }) });
  await form.locator('select[name="person"]').selectOption({ label: assigned });
  await form.locator('textarea[name="text"]').fill(`approve ${code}`);
  await form.getByRole('button', { name: 'Reply as technician' }).click();
  // The reply is read before the agent sees it; the approved steps run and the outcome note
  // appears on the ticket.
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId('demo-notes').innerText();
    }, { timeout: 60_000 })
    .toContain(`Relay: plan ${code} approved`);
});
