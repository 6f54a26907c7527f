// The dashboard end to end in Debian's Chromium against a running stack (`devflow up`).
// Env: DEVFLOW_URL (http://127.0.0.1:3737), DOCS_URL (a loopback site to crawl), DOCS_WORD (a word
// only that site contains), REPO_PATH (a git repository with a main branch), SCREENSHOTS (dir),
// CHROMIUM (browser binary). Prints figures as "figure: name value"; exits non-zero on failure.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.DEVFLOW_URL ?? 'http://127.0.0.1:3737';
const docsUrl = required('DOCS_URL');
const docsWord = required('DOCS_WORD');
const repoPath = required('REPO_PATH');
const shots = process.env.SCREENSHOTS ?? 'target/screenshots';
const executablePath = process.env.CHROMIUM ?? (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : 'chromium');
mkdirSync(shots, { recursive: true });

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const steps = [];
async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`step: ${name} … `);
  await fn();
  steps.push(name);
  console.log(`ok (${Date.now() - started} ms)`);
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, colorScheme: 'light' });
  page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  const cspViolations = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  // When the page last touched the API. After cutting /ws, a test waits until the refetches that
  // events from before the cut set off (each at most 250 ms after its event) have all come back.
  let lastApiActivity = Date.now();
  const touch = (r) => {
    if (r.url().includes('/api/v1/')) lastApiActivity = Date.now();
  };
  page.on('request', touch);
  page.on('requestfinished', touch);
  page.on('requestfailed', touch);
  const apiQuietFor = async (ms) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() - lastApiActivity < ms) {
      check(Date.now() < deadline, `the page kept calling the API for 10 s (wanted ${ms} ms of quiet)`);
      await page.waitForTimeout(100);
    }
  };
  // Every /ws connection goes through this route, so a test can cut it like a flaky network would.
  const sockets = [];
  let networkDown = false;
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    if (networkDown) {
      ws.close({ code: 1006 });
      return;
    }
    ws.connectToServer();
    sockets.push(ws);
  });

  // Interactive = the three counts are loaded and the live connection is open.
  const interactive = () =>
    page.waitForFunction(() => {
      const counts = [...document.querySelectorAll('[data-testid^="count-"]')];
      const live = document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'open';
      return live && counts.length === 3 && counts.every((c) => /^\d+$/.test(c.textContent ?? ''));
    }, null, { timeout: 30_000 });

  await step('overview: time to interactive on loopback (cold cache)', async () => {
    const started = Date.now();
    await page.goto(base + '/', { waitUntil: 'commit' });
    await interactive();
    const wall = Date.now() - started;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd), now: Math.round(performance.now()) };
    });
    console.log(`\nfigure: overview-tti-ms ${nav.now} (wall ${wall} ms, DOMContentLoaded ${nav.domContentLoaded} ms, load ${nav.load} ms)`);
    // What the browser downloaded for the app itself (gzip on the wire), API answers excluded.
    const bundle = await page.evaluate(() =>
      [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
        .filter((e) => !new URL(e.name).pathname.startsWith('/api/'))
        .reduce((sum, e) => ({ wire: sum.wire + e.encodedBodySize, raw: sum.raw + e.decodedBodySize }), { wire: 0, raw: 0 }),
    );
    console.log(`figure: dashboard-download-kb ${(bundle.wire / 1024).toFixed(1)} gzipped on the wire (${(bundle.raw / 1024).toFixed(1)} KB decoded)`);
    await page.reload({ waitUntil: 'commit' });
    await interactive();
    console.log(`figure: overview-tti-warm-ms ${await page.evaluate(() => Math.round(performance.now()))} (reload, cached assets)`);
    await page.getByRole('link', { name: 'Search knowledge' }).waitFor();
    await page.screenshot({ path: join(shots, '01-overview.png'), fullPage: true });
  });

  let sawProgress = false;
  await step('knowledge: add a loopback source and watch its crawl progress complete live', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    const form = page.getByRole('form', { name: 'Add a URL source' });
    await form.getByLabel('Name').fill('Loopback docs');
    await form.getByLabel('URL').fill(docsUrl);
    await form.getByLabel('Depth').fill('2');
    await form.getByLabel('Page limit').fill('50');
    await form.getByLabel('Tags').fill('e2e');
    await form.getByRole('button', { name: 'Add source' }).click();
    const row = page.getByTestId('source-row').filter({ hasText: 'Loopback docs' });
    await row.waitFor();
    // The row of this source (other tests may share the stack and add their own sources).
    const state = (name) => {
      const r = [...document.querySelectorAll('[data-testid="source-row"]')].find((x) => x.textContent.includes(name));
      const b = r?.querySelector('[role="progressbar"]');
      return r ? { status: r.getAttribute('data-status'), done: b ? Number(b.getAttribute('aria-valuenow') ?? 0) : null } : null;
    };
    try {
      await page.waitForFunction((name) => {
        const r = [...document.querySelectorAll('[data-testid="source-row"]')].find((x) => x.textContent.includes(name));
        return Number(r?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? 0) > 0;
      }, 'Loopback docs', { timeout: 20_000 });
      sawProgress = true;
      console.log(`\n  live progress: ${await row.getByRole('progressbar').getAttribute('aria-valuetext')}`);
      await page.screenshot({ path: join(shots, '02-knowledge-crawling.png'), fullPage: true });
      // A reload mid-crawl starts again from the stored job, not from zero.
      await page.reload();
      await row.waitFor();
      await page.waitForFunction((name) => {
        const r = [...document.querySelectorAll('[data-testid="source-row"]')].find((x) => x.textContent.includes(name));
        const b = r?.querySelector('[role="progressbar"]');
        return r && (r.getAttribute('data-status') === 'done' || Number(b?.getAttribute('aria-valuenow') ?? 0) > 0);
      }, 'Loopback docs', { timeout: 10_000 });
      console.log(`  after reload: ${JSON.stringify(await page.evaluate(state, 'Loopback docs'))}`);
    } catch (e) {
      console.log(`\n  (no intermediate progress observed: ${e.message.split('\n')[0]})`);
    }
    await page.locator('[data-testid="source-row"][data-status="done"]', { hasText: 'Loopback docs' }).waitFor({ timeout: 90_000 });
    const text = await row.innerText();
    console.log(`  finished: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
    check(/ 21 pages /.test(text.replace(/\s+/g, ' ')), 'every page of the site (index and 20 topics) was crawled');
    check(sawProgress, 'a progress bar with pages done was shown while the crawl ran');
  });

  await step('knowledge: search the crawled source, with highlighted snippets', async () => {
    await page.getByRole('searchbox', { name: 'Search knowledge' }).fill(docsWord);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const first = page.getByTestId('search-result').first();
    await first.waitFor({ timeout: 20_000 });
    check((await first.locator('mark').count()) > 0, 'the snippet highlights the matched term');
    check((await first.innerText()).toLowerCase().includes(docsWord.toLowerCase()), 'the result contains the word');
    // Code blocks of the crawled pages are searchable as code examples.
    const code = page.getByRole('search', { name: 'Search code examples' });
    await code.getByRole('searchbox').fill(docsWord);
    await code.getByRole('button', { name: 'Find code' }).click();
    await page.locator('pre code', { hasText: `${docsWord}.retry(` }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, '03-knowledge-search.png'), fullPage: true });
  });

  await step('knowledge: upload a file by drag and drop', async () => {
    const zone = page.getByRole('button', { name: /Drop files here/ });
    const data = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      const text = '# Wombat runbook\n\n## Restarts\n\nThe wombat service restarts nightly; see the wombat dashboard.\n';
      dt.items.add(new File([text], 'wombat-runbook.md', { type: 'text/markdown' }));
      return dt;
    });
    await zone.dispatchEvent('dragover', { dataTransfer: data });
    await zone.dispatchEvent('drop', { dataTransfer: data });
    await page.getByRole('list', { name: 'Files to upload' }).getByText('wombat-runbook.md').waitFor();
    await page.getByRole('button', { name: 'Upload 1 file(s)' }).click();
    await page.getByText(/Uploaded: 1 accepted, 0 rejected/).waitFor({ timeout: 20_000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="source-row"]')].some((r) => r.textContent.includes('wombat-runbook.md') && r.getAttribute('data-status') === 'done'),
      null,
      { timeout: 60_000 },
    );
  });

  await step('workflows: create a workflow from a template and start a run', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    const editor = page.getByRole('form', { name: 'Create a workflow' });
    await editor.getByLabel('Workflow name').fill('e2e feature');
    // An invalid definition first: the parser's message shows inline, naming the field.
    await editor.getByLabel('Definition').fill('phases:\n  - name: plan\ntasks:\n  - key: a\n    title: A\n    phase: nowhere\n');
    await editor.getByRole('button', { name: 'Create workflow' }).click();
    await editor.getByText(/tasks\[0\]\.phase/).first().waitFor();
    await editor.getByLabel('Template').selectOption('feature');
    await editor.getByLabel('Workflow name').fill('e2e feature');
    await editor.getByRole('button', { name: 'Create workflow' }).click();
    await page.getByRole('list', { name: 'Workflow definitions' }).getByText('e2e feature').waitFor();
    // Editing stores the next version.
    await page.getByRole('button', { name: 'Edit e2e feature' }).click();
    const edit = page.getByRole('form', { name: 'Edit workflow e2e feature' });
    const source = await edit.getByLabel('Definition').inputValue();
    await edit.getByLabel('Definition').fill(source.replace('description: Plan a feature', 'description: Plan a feature (edited)'));
    await edit.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('list', { name: 'Workflow definitions' }).getByText('v2', { exact: false }).waitFor();
    const runForm = page.getByRole('form', { name: 'Start a run' });
    await runForm.getByLabel('Repository path').fill(repoPath);
    await runForm.getByLabel('Base branch').fill('main');
    await runForm.getByRole('button', { name: 'Start run' }).click();
    await page.getByRole('region', { name: 'Task board' }).waitFor({ timeout: 20_000 });
  });

  await step('workflows: a task moves on the board (by hand, then live from another client)', async () => {
    const board = page.getByRole('region', { name: 'Task board' });
    const card = () => board.getByTestId('task-card').filter({ hasText: 'Write the plan' });
    await card().waitFor();
    check((await card().getAttribute('data-status')) === 'queued', 'a new task is queued');
    check((await card().locator('xpath=ancestor::td').getAttribute('data-testid')) === 'column-To do', 'queued tasks are in To do');
    await card().click();
    await page.getByLabel('Move to').selectOption('assigned');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await board.locator('[data-testid="column-In progress"] [data-testid="task-card"]', { hasText: 'Write the plan' }).waitFor();
    // Another client moves it on: the board follows through /ws, without a reload.
    const id = Number((await card().innerText()).match(/#(\d+)/)[1]);
    const status = await page.evaluate(async (taskId) => {
      const r = await fetch(`/api/v1/tasks/${taskId}/status`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'running' }) });
      return r.status;
    }, id);
    check(status === 200, `PATCH status answered ${status}`);
    await board.locator('[data-testid="task-card"][data-status="running"]', { hasText: 'Write the plan' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(shots, '04-workflows-board.png'), fullPage: true });
  });

  await step('live: a dropped connection is shown, and what happened meanwhile is caught up', async () => {
    const board = page.getByRole('region', { name: 'Task board' });
    const card = board.getByTestId('task-card').filter({ hasText: 'Write the plan' });
    const id = Number((await card.innerText()).match(/#(\d+)/)[1]);
    networkDown = true;
    sockets.splice(0).forEach((ws) => ws.close({ code: 1006 }));
    await page.locator('[data-testid="connection"][data-state="closed"]').first().waitFor();
    // Events that came before the cut may still be refetching the board; only what comes after
    // the cut is the board's to miss.
    await apiQuietFor(750);
    const status = await page.evaluate(async (taskId) => {
      const r = await fetch(`/api/v1/tasks/${taskId}/status`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'review' }) });
      return r.status;
    }, id);
    check(status === 200, `PATCH status answered ${status}`);
    await page.waitForTimeout(1500);
    check((await card.getAttribute('data-status')) === 'running', 'while disconnected the board cannot know yet');
    await page.screenshot({ path: join(shots, '05-workflows-disconnected.png'), fullPage: true });
    networkDown = false;
    await page.locator('[data-testid="connection"][data-state="open"]').first().waitFor({ timeout: 20_000 });
    await board.locator('[data-testid="column-Review"] [data-testid="task-card"]', { hasText: 'Write the plan' }).waitFor({ timeout: 10_000 });
  });

  await step('overview: recent activity shows what happened, live', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    const feed = page.getByRole('list', { name: 'Recent activity' });
    await feed.getByText(/Crawled: \d+ pages indexed/).first().waitFor();
    await feed.getByText(/moved assigned → running/).first().waitFor();
    // Sent while the socket was down, so it can only have come from the catch-up read.
    await feed.getByText(/moved running → review/).first().waitFor();
    // The feed is history too (GET /api/v1/events): a reload keeps it.
    await page.reload();
    await page.getByRole('list', { name: 'Recent activity' }).getByText(/Crawled: \d+ pages indexed/).first().waitFor();
    await interactive();
    const sources = await page.getByTestId('count-Knowledge sources').innerText();
    const active = await page.getByTestId('count-Active workflows').innerText();
    check(Number(sources) >= 1 && Number(active) >= 1, `counts ${sources} sources, ${active} active workflows`);
    await page.screenshot({ path: join(shots, '06-overview-activity.png'), fullPage: true });
  });

  await step('settings: switch to dark mode, remembered after a reload', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('group', { name: 'Theme' }).getByLabel('Dark').check();
    check(await page.evaluate(() => document.documentElement.classList.contains('dark')), 'dark class on <html>');
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    check(await page.evaluate(() => document.documentElement.classList.contains('dark')), 'dark mode remembered');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(bg === 'rgb(2, 6, 23)', `dark background, got ${bg}`);
    await page.getByText('Usage').first().waitFor();
    await page.screenshot({ path: join(shots, '07-settings-dark.png'), fullPage: true });
  });

  await step('settings: API keys in local mode (the gateway has none; the screen says so)', async () => {
    await page.getByText(/Local mode has no API keys/).waitFor();
    const answer = await page.evaluate(async () => {
      const r = await fetch('/api/v1/keys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'x' }) });
      return { status: r.status, type: r.headers.get('content-type') };
    });
    check(answer.status === 409 && answer.type.startsWith('application/problem+json'), `local mode refuses keys with a problem, got ${JSON.stringify(answer)}`);
  });

  await step('errors: an API problem shows its title and detail', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    const form = page.getByRole('form', { name: 'Add a URL source' });
    await form.getByLabel('Name').fill('Duplicate');
    await form.getByLabel('URL').fill(docsUrl);
    await form.getByRole('button', { name: 'Add source' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    console.log(`\n  problem shown: ${(await alert.innerText()).replace(/\s+/g, ' ')}`);
    await page.screenshot({ path: join(shots, '08-knowledge-problem.png'), fullPage: true });
  });

  check(cspViolations.length === 0, `no Content-Security-Policy violations: ${cspViolations.join(' | ')}`);
  check(await page.evaluate(() => document.querySelectorAll('script:not([src])').length === 0), 'no inline scripts');
  console.log(`dashboard e2e: ${steps.length} steps passed`);
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(`dashboard e2e failed after ${steps.length} steps: ${e.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
