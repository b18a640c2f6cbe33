// With API keys on, the page asks for a key, keeps it in sessionStorage only, and a key of one
// owner never shows another owner's job. FORKPOOL_KEYS_URL is a jar started with two keys
// (KEY_ALICE, KEY_BOB, both submitters) by ops/ci/browser.sh, which fails if it does not enforce them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, launch, openPage } from './browser.mjs';

const base = process.env.FORKPOOL_KEYS_URL;
const alice = process.env.KEY_ALICE;
const bob = process.env.KEY_BOB;
const skip = base ? false : 'FORKPOOL_KEYS_URL not set (ops/ci/browser.sh starts a jar with keys and sets it)';

let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("a key of one owner never shows another owner's job", { skip, timeout: 180_000 }, async () => {
  const page = await fetch(`${base}/ui/`);
  assert.equal(page.status, 200, 'the page itself (/ui/**) must be served without a key');
  const mine = (await api(base, '/jobs/square', { method: 'POST', body: '[8]', key: bob })).json.id;
  const theirs = (await api(base, '/jobs/square', { method: 'POST', body: '[7]', key: alice })).json.id;
  // A job of alice's that keeps both workers busy while bob looks at the workers page.
  const busy = (await api(base, '/jobs/sleep?chunkSize=1', { method: 'POST', body: '[30000,30000]', key: alice })).json.id;
  assert.ok(mine && theirs && busy);
  const p = await openPage(browser);
  const sent = [];
  p.page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/ui/')) return;
    sent.push(r.headers().authorization ?? null);
  });
  const unauthorized = { status: 401, url: /./ };
  const notFound = { status: 404, url: new RegExp(theirs) };
  try {
    await p.page.goto(`${base}/ui/#/jobs`);
    // No key yet: the API answers 401 and the page asks for one; a wrong key is refused.
    await p.page.locator('#key-dialog[open]').waitFor();
    await p.shot('keys-dialog');
    await p.page.getByLabel('Key', { exact: true }).fill('not-a-key');
    await p.page.getByRole('button', { name: 'Use key' }).click();
    await p.page.locator('#key-error:not([hidden])').waitFor();
    await p.shot('keys-wrong-key');
    await p.page.getByLabel('Key', { exact: true }).fill(bob);
    await p.page.getByRole('button', { name: 'Use key' }).click();
    await p.page.locator(`tr[data-job-id="${mine}"]`).waitFor();
    assert.equal(await p.page.locator(`tr[data-job-id="${theirs}"]`).count(), 0);
    const bobs = new Set((await api(base, '/jobs?limit=100', { key: bob })).json.jobs.map((j) => j.id));
    const listed = await p.page.locator('#jobs tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.jobId));
    assert.ok(listed.length > 0 && listed.every((id) => bobs.has(id)), `only the owner's jobs are listed: ${listed}`);
    await p.shot('keys-jobs');

    // Even by its address, the other owner's job is not shown: the page says there is no such job.
    await p.page.goto(`${base}/ui/#/jobs/${theirs}`);
    const alert = p.page.locator('main [role="alert"]:not([hidden])');
    await alert.waitFor();
    assert.match(await alert.textContent(), /no job/i);
    assert.equal(await p.page.locator('.facts dt').count(), 0, 'no fact of the job is shown');
    assert.equal(await p.page.locator('h1').textContent(), 'Job');
    assert.equal(await p.page.getByText('alice').count(), 0,
      String(await p.page.getByText('alice').evaluateAll((els) => els.map((e) => e.outerHTML))));

    // Bob's own job, followed through the real event stream with his key, has its results.
    await p.page.goto(`${base}/ui/#/jobs/${mine}`);
    await p.page.locator('#results-preview').waitFor();
    assert.equal(await p.page.locator('#results-preview').textContent(), '[64]');

    // The key lives in this tab's sessionStorage only; no cookie is set.
    assert.equal(await p.page.evaluate(() => sessionStorage.getItem('forkpool.apiKey')), bob);
    assert.equal(await p.page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(await p.context.cookies(), []);

    // The workers page works with any valid key, but a submitter sees no pids and not the chunks
    // of alice's job that the workers run.
    // Alice's own key sees her chunks on the workers (so they are there to be hidden from bob).
    for (const until = Date.now() + 60_000; ;) {
      const pool = await api(base, '/pool', { key: alice });
      if (JSON.stringify(pool.json.workers).includes(busy)) break;
      assert.ok(Date.now() < until, `alice's chunks never showed on GET /pool: ${JSON.stringify(pool.json)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await p.page.goto(`${base}/ui/#/workers`);
    await p.page.locator('#cores .core').first().waitFor();
    await p.page.locator('#workers tbody tr').nth(1).waitFor();
    assert.deepEqual(await p.page.locator('#workers td[data-label="PID"]').allTextContents(), ['–', '–']);
    assert.equal(await p.page.locator(`a[href="#/jobs/${busy}"]`).count(), 0);
    assert.equal(await p.page.getByText(busy.slice(0, 8)).count(), 0);
    await p.shot('keys-workers');

    // Every API call before the key was given went without one, then with the wrong one, then bob's.
    assert.equal(sent[0], null);
    assert.ok(sent.includes('Bearer not-a-key'));
    assert.equal(sent.at(-1), `Bearer ${bob}`);
    const after = sent.slice(sent.lastIndexOf('Bearer not-a-key') + 1);
    assert.ok(after.length > 0 && after.every((a) => a === `Bearer ${bob}`), `later calls send bob's key: ${after}`);
    p.assertNoConsoleErrors([unauthorized, notFound]);
  } finally {
    await p.close();
    await api(base, `/jobs/${busy}`, { method: 'DELETE', key: alice });
  }
});
