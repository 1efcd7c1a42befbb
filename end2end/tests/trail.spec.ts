import { test, expect, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The Activity page's tamper-evident trail: export downloads, Verify, and Verify after a row
// was altered in the database file. Runs after auth.spec.ts (files run in name order), so the admin exists. The tamper
// steps need the server's data directory (RELAY_E2E_DATA_DIR, set by scripts/test.sh) and the
// sqlite3 command line; they append two entries themselves, hashed by the documented v1
// algorithm, so they also check that a third party can write (and so check) the chain.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'ada@harbour-it.example', password: 'test-only-password-123' };
const dataDir = process.env.RELAY_E2E_DATA_DIR;
const db = dataDir ? join(dataDir, 'relay.db') : '';

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/clients$/);
}

function sql(query: string): string {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');

/** Appends one chained entry the way Relay does (store/activity/chain.rs, version 1). */
function appendEntry(msp: string, summary: string) {
  const head = sql(`SELECT seq || ' ' || hash FROM activity_heads WHERE msp_id = ${msp}`);
  const [seqText, prevHex] = head ? head.split(' ') : ['0', '0'.repeat(64)];
  if (!head) sql(`INSERT INTO activity_heads (msp_id, seq, hash, updated_at) VALUES (${msp}, 0, '${prevHex}', 0)`);
  const seq = Number(seqText) + 1;
  const at = Date.now();
  const payload = `{"detail":{"tool":"autotask:autotask-get-ticket"},"summary":${JSON.stringify(summary)}}`;
  const payloadHash = sha256(Buffer.from('relay-audit-payload-v1\0'), Buffer.from(payload));
  const row = `{"at":"${at}","client_id":null,"kind":"tool_call","msp_id":"${msp}","outcome":"ran","payload_sha256":"${payloadHash}","seq":"${seq}","v":1}`;
  const hash = sha256(Buffer.from('relay-audit-v1\0'), Buffer.from(prevHex, 'hex'), Buffer.from(row));
  sql(`INSERT INTO activity (msp_id, at, kind, summary, outcome, detail, seq, payload_hash, prev_hash, hash)
       VALUES (${msp}, ${at}, 'tool_call', '${summary}', 'ran', '{"tool":"autotask:autotask-get-ticket"}', ${seq}, '${payloadHash}', '${prevHex}', '${hash}')`);
  sql(`UPDATE activity_heads SET seq = ${seq}, hash = '${hash}', updated_at = ${at} WHERE msp_id = ${msp}`);
  return seq;
}

test('the export links download CSV and verifiable JSONL', async ({ page }) => {
  await signIn(page);
  await page.goto('/activity');
  await expect(page.getByTestId('chain-status')).toContainText('entries chained');
  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csvFile = await (await csv).path();
  expect(readFileSync(csvFile, 'utf8').startsWith('seq,time_utc,at_ms,client,kind,tool,outcome,summary,detail')).toBe(true);
  const jsonl = page.waitForEvent('download');
  await page.getByTestId('export-jsonl').click();
  const lines = readFileSync(await (await jsonl).path(), 'utf8').trim().split('\n');
  expect(JSON.parse(lines[lines.length - 1])).toHaveProperty('checkpoint');
});

test('Verify passes, then names the entry altered in the database file', async ({ page }) => {
  test.skip(!dataDir || !existsSync(db), 'needs RELAY_E2E_DATA_DIR with the SQLite file');
  const msp = sql('SELECT min(id) FROM msps');
  appendEntry(msp, 'Read ticket T20261130.0001');
  const seq = appendEntry(msp, 'Read ticket T20261130.0002');

  await signIn(page);
  await page.goto('/activity');
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('chain-report')).toContainText(`OK through seq ${seq}`);

  sql(`UPDATE activity SET summary = 'Nothing happened here' WHERE msp_id = ${msp} AND seq = ${seq - 1}`);
  await page.goto('/activity');
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('chain-report')).toContainText(`BROKEN at seq ${seq - 1}`);
  // Put it back so later specs see an intact trail.
  sql(`UPDATE activity SET summary = 'Read ticket T20261130.0001' WHERE msp_id = ${msp} AND seq = ${seq - 1}`);
});
