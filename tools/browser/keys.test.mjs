// With API keys on, the page asks for a key, keeps it in sessionStorage only, and a key of one
// owner never shows another owner's job. FORKPOOL_KEYS_URL is a jar started with two keys
// (KEY_ALICE, KEY_BOB, both submitters) by ops/ci/browser.sh, only when that jar enforces keys.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, EVENTS_MISSING, launch, openPage } from './browser.mjs';

const base = process.env.FORKPOOL_KEYS_URL;
const alice = process.env.KEY_ALICE;
const bob = process.env.KEY_BOB;
const skip = base ? false : 'FORKPOOL_KEYS_URL not set: this build does not enforce API keys';

let browser;
before(async () => {
  if (!skip) browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("a key of one owner never shows another owner's job", { skip, timeout: 120_000 }, async () => {
  const page = await fetch(`${base}/ui/`);
  assert.equal(page.status, 200, 'the page itself (/ui/**) must be served without a key');
  const mine = (await api(base, '/jobs/square', { method: 'POST', body: '[8]', key: bob })).json.id;
  const theirs = (await api(base, '/jobs/square', { method: 'POST', body: '[7]', key: alice })).json.id;
  assert.ok(mine && theirs);
  const p = await openPage(browser);
  const unauthorized = { status: 401, url: /./ };
  const notFound = { status: 404, url: new RegExp(theirs) };
  try {
    await p.page.goto(`${base}/ui/#/jobs`);
    // No key yet: the API answers 401 and the page asks for one.
    await p.page.locator('#key-dialog[open]').waitFor();
    await p.shot('keys-dialog');
    await p.page.getByLabel('Key', { exact: true }).fill(bob);
    await p.page.getByRole('button', { name: 'Use key' }).click();
    await p.page.locator(`tr[data-job-id="${mine}"]`).waitFor();
    assert.equal(await p.page.locator(`tr[data-job-id="${theirs}"]`).count(), 0);
    assert.equal(await p.page.locator('#jobs tbody tr').count(), 1, 'only the owner\'s jobs are listed');
    await p.shot('keys-jobs');

    // Even by its address, the other owner's job is not shown.
    await p.page.goto(`${base}/ui/#/jobs/${theirs}`);
    await p.page.locator('main [role="alert"]').waitFor();
    assert.equal(await p.page.locator('.facts').count(), 0);
    assert.equal(await p.page.getByText(theirs).count(), 0);

    // The key lives in this tab's sessionStorage only; no cookie is set.
    assert.equal(await p.page.evaluate(() => sessionStorage.getItem('forkpool.apiKey')), bob);
    assert.equal(await p.page.evaluate(() => localStorage.length), 0);
    assert.deepEqual(await p.context.cookies(), []);

    // The workers page works with any valid key.
    await p.page.goto(`${base}/ui/#/workers`);
    await p.page.locator('#cores .core').first().waitFor();
    p.assertNoConsoleErrors([unauthorized, notFound, EVENTS_MISSING]);
  } finally {
    await p.close();
  }
});
