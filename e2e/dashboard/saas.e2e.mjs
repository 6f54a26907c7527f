// The dashboard as SaaS / on-prem serve it: sign-in with an API key, tenant and role shown, an API
// key created (shown once) and revoked, a viewer without write controls. Env: SAAS_URL, ADMIN_KEY,
// VIEWER_KEY, TENANT, SCREENSHOTS, CHROMIUM. Never prints a key.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.SAAS_URL;
const adminKey = process.env.ADMIN_KEY;
const viewerKey = process.env.VIEWER_KEY;
const tenant = process.env.TENANT;
const shots = process.env.SCREENSHOTS ?? 'target/screenshots';
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

let done = 0;
async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`step: ${name} … `);
  await fn();
  done += 1;
  console.log(`ok (${Date.now() - started} ms)`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? 'chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let page;
try {
  // IGNORE_HTTPS_ERRORS: the on-prem test's nginx has a self-signed certificate.
  const context = { viewport: { width: 1366, height: 900 }, ignoreHTTPSErrors: process.env.IGNORE_HTTPS_ERRORS === '1' };
  page = await (await browser.newContext(context)).newPage();
  page.on('dialog', (d) => d.accept());
  const status = (key) =>
    page.evaluate(async (k) => (await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${k}` } })).status, key);

  await step('sign-in: a wrong key is refused, the right one shows tenant and role', async () => {
    await page.goto(`${base}/settings`);
    await page.getByRole('heading', { name: 'Sign in to DevFlow' }).waitFor();
    await page.screenshot({ path: join(shots, '09-saas-sign-in.png') });
    await page.getByLabel('API key').fill('dfk_000000000000_notarealkeyatallnotarealkey00');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Your API key was refused.').waitFor();
    await page.getByLabel('API key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tenant').getByText(`${tenant} · admin`).waitFor();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    check(await page.evaluate(() => sessionStorage.getItem('devflow-api-key') !== null && localStorage.getItem('devflow-api-key') === null), 'the key is kept for the tab only');
  });

  let secret;
  await step('keys: create one (secret shown once), it works; revoke it, it is refused', async () => {
    await page.getByLabel('Key name').fill('ci-e2e');
    await page.getByRole('button', { name: 'Create key' }).click();
    secret = (await page.getByTestId('new-key').innerText()).trim();
    check(/^dfk_/.test(secret), 'the new key is shown');
    check((await status(secret)) === 200, 'the new key signs in');
    await page.getByRole('button', { name: 'Done' }).click();
    check((await page.content()).indexOf(secret) === -1, 'the secret is gone from the page');
    const row = page.getByTestId('key-row').filter({ hasText: 'ci-e2e' });
    await row.getByRole('button', { name: 'Revoke ci-e2e' }).click();
    await row.getByText(/revoked/).waitFor();
    check((await status(secret)) === 401, 'the revoked key is refused');
    await page.screenshot({ path: join(shots, '10-saas-keys-revoked.png'), fullPage: true });
  });

  await step('usage: the plan and its limits', async () => {
    await page.getByText(new RegExp(`Tenant ${tenant} on the pro plan`)).waitFor();
    await page.getByText(/Users: \d+ \/ 5/).waitFor();
  });

  await step('viewer: signs in and sees no write controls', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(viewerKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tenant').getByText(`${tenant} · viewer`).waitFor();
    await page.getByRole('table', { name: 'API keys' }).or(page.getByText('No API keys.')).first().waitFor();
    check((await page.getByRole('form', { name: 'Create an API key' }).count()) === 0, 'no key creation for a viewer');
    check((await page.getByRole('button', { name: /^Revoke/ }).count()) === 0, 'no revoke buttons for a viewer');
    await page.screenshot({ path: join(shots, '11-saas-viewer.png'), fullPage: true });
  });

  console.log(`saas dashboard e2e: ${done} steps passed`);
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'saas-failure.png'), fullPage: true }).catch(() => {});
  console.error(`saas dashboard e2e failed after ${done} steps: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
