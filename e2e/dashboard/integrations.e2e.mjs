// Connecting GitHub from the SaaS dashboard through the whole OAuth round trip: Connect GitHub, the
// provider's consent page (a loopback fake) sends the browser to the dashboard's callback page,
// which relays code and state to the API as the signed-in user; a forged or replayed state shows
// the API's problem; a browser that comes back signed out signs in and completes the connection.
// Env: SAAS_URL, ADMIN_KEY, TENANT, GITHUB_URL, ACCOUNT, SCREENSHOTS, CHROMIUM. Never prints a key.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.SAAS_URL;
const adminKey = process.env.ADMIN_KEY;
const tenant = process.env.TENANT;
const github = process.env.GITHUB_URL;
const account = process.env.ACCOUNT;
const shots = process.env.SCREENSHOTS ?? 'target/screenshots';
mkdirSync(shots, { recursive: true });
const callbackPage = `${base}/integrations/callback/github`;
const connectionName = `GitHub · ${account}`;

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

async function signIn(page) {
  await page.getByRole('heading', { name: 'Sign in to DevFlow' }).waitFor();
  await page.getByLabel('API key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('tenant').getByText(`${tenant} · admin`).waitFor();
}

// Every page load of the tab, redirects included (the provider's 302 is one).
function navigations(page) {
  const urls = [];
  page.on('request', (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) urls.push(r.url());
  });
  return urls;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? 'chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let page;
try {
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  const visited = navigations(page);
  let callbackUrl;

  await step('connect: Connect GitHub, consent at the provider, back on the callback page: connected', async () => {
    await page.goto(`${base}/integrations`);
    await signIn(page);
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    await page.getByText('No connections yet.').waitFor();
    await page.getByRole('button', { name: 'Connect GitHub' }).click();
    await page.getByText('GitHub connected').waitFor({ timeout: 20000 });
    await page.getByRole('status').getByText(account, { exact: true }).waitFor();
    check(visited.some((u) => u.startsWith(`${github}/login/oauth/authorize?`)), 'the browser went to the provider');
    callbackUrl = visited.find((u) => u.startsWith(`${callbackPage}?`));
    check(callbackUrl !== undefined, `the provider sent the browser to the dashboard's callback page (${visited.map((u) => u.split('?')[0]).join(', ')})`);
    check(/[?&]code=abc(&|$)/.test(callbackUrl) && /[?&]state=[A-Za-z0-9_-]{20,}/.test(callbackUrl), 'with code and state');
    // Code and state are dropped from the address once used.
    await page.waitForURL(callbackPage);
    await page.screenshot({ path: join(shots, '20-integrations-github-connected.png') });
  });

  await step('integrations: the connection is listed with its account', async () => {
    await page.getByRole('link', { name: 'Go to Integrations' }).click();
    const card = page.getByRole('region', { name: connectionName });
    await card.waitFor();
    await card.getByText(`connected by admin@${tenant}.test`).waitFor();
    check((await page.getByText('No connections yet.').count()) === 0, 'the empty state is gone');
    await page.screenshot({ path: join(shots, '21-integrations-list.png'), fullPage: true });
  });

  await step('forged and replayed state: the API problem is shown, nothing is connected', async () => {
    for (const url of [`${callbackPage}?code=abc&state=forgedE2eStateThatWasNeverIssued0000`, callbackUrl]) {
      await page.goto(url);
      const alert = page.getByRole('alert');
      await alert.getByText("Unknown or already used 'state'", { exact: false }).waitFor();
      await page.getByText('Nothing was connected.', { exact: false }).waitFor();
      check((await page.getByText('GitHub connected').count()) === 0, 'no success shown');
    }
    await page.screenshot({ path: join(shots, '22-integrations-forged-state.png') });
    await page.goto(`${base}/integrations`);
    await page.getByRole('region', { name: connectionName }).waitFor();
    check((await page.getByRole('region', { name: connectionName }).count()) === 1, 'still exactly one connection');
  });

  await step('signed out: a fresh browser comes back from the provider, signs in, and the connection completes', async () => {
    const started = await fetch(`${base}/api/v1/integrations/github/authorize`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}` },
    });
    check(started.ok, `start answered ${started.status}`);
    const { authorizationUrl } = await started.json();
    check(authorizationUrl.startsWith(`${github}/login/oauth/authorize?`), 'start points at the provider');
    const fresh = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    try {
      await fresh.goto(authorizationUrl);
      await fresh.waitForURL((u) => u.href.startsWith(`${callbackPage}?`));
      await fresh.getByRole('heading', { name: 'Sign in to DevFlow' }).waitFor();
      await fresh.screenshot({ path: join(shots, '23-integrations-callback-signed-out.png') });
      check((await fresh.evaluate(() => sessionStorage.getItem('devflow-api-key'))) === null, 'the fresh browser had no key');
      await signIn(fresh);
      await fresh.getByText('GitHub connected').waitFor({ timeout: 20000 });
      await fresh.getByRole('link', { name: 'Go to Integrations' }).click();
      await fresh.getByRole('region', { name: connectionName }).first().waitFor();
      const count = await fresh.getByRole('region', { name: connectionName }).count();
      check(count === 2, `two GitHub connections listed, saw ${count}`);
    } finally {
      await fresh.context().close();
    }
  });

  console.log(`integrations e2e: ${done} steps passed`);
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'integrations-failure.png'), fullPage: true }).catch(() => {});
  console.error(`integrations e2e failed after ${done} steps: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
