// The jobs page in a real Chromium against the real jar (FORKPOOL_URL, started by
// ops/ci/browser.sh with 2 workers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { api, launch, median, openPage } from './browser.mjs';

const base = process.env.FORKPOOL_URL;
assert.ok(base, 'FORKPOOL_URL must point at a running forkpool');
const LOADS = Number(process.env.PAGE_LOADS ?? 7);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Fills the submit form and submits it; resolves when the job page shows the new job. */
async function submitThroughForm(page, fn, items, { chunkSize, timeout } = {}) {
  await page.goto(`${base}/ui/#/submit`);
  await page.getByLabel('Function').selectOption(fn);
  await page.getByLabel('Items').fill(items);
  if (chunkSize) await page.getByLabel('Chunk size').fill(String(chunkSize));
  if (timeout) await page.getByLabel('Timeout per chunk').fill(timeout);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop();
}

const statusIs = (page, status) => page.locator(`#job-status [data-status="${status}"]`).waitFor();

/** Clicks a download link of the job page and resolves to the text of the file it saved. */
async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name, exact: true }).click(),
  ]);
  return readFile(await file.path(), 'utf8');
}

test('square [1,2,3,4,5] through the form shows [1,4,9,16,25]', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  try {
    await p.page.goto(`${base}/ui/#/submit`);
    await p.page.getByLabel('Function').selectOption('square');
    await p.page.getByLabel('Items').fill('[1,2,3,4,5]');
    await p.shot('submit');
    const id = await submitThroughForm(p.page, 'square', '[1,2,3,4,5]');
    await statusIs(p.page, 'SUCCEEDED');
    const preview = p.page.locator('#results-preview');
    await preview.waitFor();
    assert.equal(await preview.textContent(), '[1,4,9,16,25]');
    assert.equal((await api(base, `/jobs/${id}`)).json.status, 'SUCCEEDED');
    await p.shot('job');
    // The downloads fetch with the tab's key and save exactly what the API answers.
    const lines = (await download(p.page, 'Download NDJSON')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.slice(0, -1), [1, 4, 9, 16, 25].map((value, index) => ({ index, value })));
    assert.equal(lines.at(-1).status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(await download(p.page, 'Download JSON')).results, [1, 4, 9, 16, 25]);
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('a bad list shows the problem detail next to the field, as text', { timeout: 60_000 }, async () => {
  const p = await openPage(browser);
  try {
    const bad = '[1, "<b id=injected>two</b>", 3]';
    const expected = await api(base, '/jobs/square', { method: 'POST', body: bad });
    assert.equal(expected.status, 400);
    const before = (await api(base, '/jobs?limit=100')).json.jobs.length;

    await p.page.goto(`${base}/ui/#/submit`);
    await p.page.getByLabel('Function').selectOption('square');
    await p.page.getByLabel('Items').fill(bad);
    await p.page.getByRole('button', { name: 'Submit' }).click();
    const error = p.page.locator('#items-error');
    await error.waitFor();
    assert.equal(await error.textContent(), expected.json.detail);
    assert.equal(await p.page.getByLabel('Items').getAttribute('aria-invalid'), 'true');
    assert.equal(await p.page.locator('#injected').count(), 0, 'markup in the input must stay text');
    assert.match(p.page.url(), /#\/submit$/);
    assert.equal((await api(base, '/jobs?limit=100')).json.jobs.length, before, 'a refused list creates nothing');
    await p.shot('submit-error');
    p.assertNoConsoleErrors([{ status: 400, url: /\/jobs\/square$/ }]);
  } finally {
    await p.close();
  }
});

test("a spin job's progress bar follows the job's event stream to the end", { timeout: 240_000 }, async () => {
  const p = await openPage(browser);
  // Every read of one job and every event stream the page opens, with the answer's status and type.
  const reads = [];
  p.page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.request().method() === 'GET' && /^\/jobs\/[0-9a-f-]{36}(\/events)?$/.test(path)) {
      reads.push({ path, status: r.status(), type: r.headers()['content-type'] ?? '',
        accept: r.request().headers().accept });
    }
  });
  try {
    // spin costs about 2 ns a round: 16 chunks of 2.5*10^8 rounds on 2 workers take about 4 s on
    // an idle machine (longer on a busy one), so the bar is seen between 0 and 100 even when the
    // page polls once a second.
    const id = await submitThroughForm(p.page, 'spin', JSON.stringify(Array(16).fill(250_000_000)), { chunkSize: 1 });
    const bar = p.page.locator('.job-head [role="progressbar"]');
    await bar.waitFor();
    // Record every value the bar takes, in the page, so none is missed between two looks.
    await bar.evaluate((el) => {
      window.seen = [Number(el.getAttribute('aria-valuenow'))];
      new MutationObserver(() => window.seen.push(Number(el.getAttribute('aria-valuenow'))))
        .observe(el, { attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await p.page.waitForFunction(() => window.seen.some((v) => v > 0 && v < 100), null, { timeout: 180_000 });
    await p.shot('job-running');
    await statusIs(p.page, 'SUCCEEDED');
    const seen = await p.page.evaluate(() => window.seen);
    assert.equal(seen.at(-1), 100, `final value of ${seen}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], `never goes back: ${seen}`);
    // The changes came from the real GET /jobs/{id}/events, read once, not from polling the job:
    // one read of the job when the page opened, and one stream that ran to the finished job.
    assert.deepEqual(reads.map((r) => r.path), [`/jobs/${id}`, `/jobs/${id}/events`], JSON.stringify(reads));
    const stream = reads[1];
    assert.equal(stream.status, 200);
    assert.match(stream.type, /^text\/event-stream/);
    assert.equal(stream.accept, 'text/event-stream');
    const values = JSON.parse(await p.page.locator('#results-preview').textContent());
    assert.equal(values.length, 16);

    await p.page.goto(`${base}/ui/#/jobs`);
    const row = p.page.locator(`tr[data-job-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[role="progressbar"]').getAttribute('aria-valuenow'), '100');
    assert.equal(await row.locator('[data-status]').textContent(), 'SUCCEEDED');
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('cancel a sleep job, asking first, and see CANCELLED', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  try {
    const id = await submitThroughForm(p.page, 'sleep', '[20000, 20000, 20000, 20000]', { chunkSize: 1 });
    await p.page.locator('#cancel-job').click();
    const dialog = p.page.locator('#confirm-dialog');
    await dialog.waitFor();
    await p.page.getByRole('button', { name: 'No, keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.ok(!['CANCELLED'].includes((await api(base, `/jobs/${id}`)).json.status), 'No keeps the job');

    await p.page.locator('#cancel-job').click();
    await p.shot('job-cancel-confirm');
    await p.page.getByRole('button', { name: 'Cancel job' }).click();
    await statusIs(p.page, 'CANCELLED');
    assert.equal((await api(base, `/jobs/${id}`)).json.status, 'CANCELLED');
    // Finished now: the button deletes, after asking.
    await p.page.locator('#delete-job').waitFor();
    await p.shot('job-cancelled');
    await p.page.locator('#delete-job').click();
    await p.page.locator('#confirm-yes').click();
    await p.page.waitForURL(/#\/jobs$/);
    assert.equal((await api(base, `/jobs/${id}`)).status, 404);
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('a failed item shows in the errors with its index, input and message', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  try {
    // The first item sleeps past the 1 s timeout of its chunk, so it fails as timed out.
    const id = await submitThroughForm(p.page, 'sleep', '[5000, 1]', { chunkSize: 1, timeout: '1' });
    await statusIs(p.page, 'FAILED');
    const row = p.page.locator('#errors tbody tr').first();
    await row.waitFor();
    const expected = (await (await fetch(`${base}/jobs/${id}/results`)).json()).errors[0];
    assert.equal(await row.locator('td').nth(0).textContent(), String(expected.index));
    assert.equal(await row.locator('td').nth(1).textContent(), '5000');
    assert.equal(await row.locator('td').nth(2).textContent(), expected.message);
    await p.shot('job-failed');
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('workers: 2 slots and a bar per core', { timeout: 60_000 }, async () => {
  const p = await openPage(browser);
  try {
    const pool = (await api(base, '/pool')).json;
    await p.page.goto(`${base}/ui/#/workers`);
    await p.page.locator('#workers tbody tr').nth(1).waitFor();
    assert.equal(await p.page.locator('#workers tbody tr').count(), 2);
    await p.page.locator('#cores .core').first().waitFor();
    assert.equal(await p.page.locator('#cores [role="meter"]').count(), pool.cores.length);
    assert.ok(pool.cores.length >= 1);
    // Wait for live values: every PID cell shows a number once the workers are up.
    await p.page.waitForFunction(() =>
      [...document.querySelectorAll('#workers tbody td[data-label="PID"]')].every((td) => /^\d+$/.test(td.textContent)));
    await p.shot('workers');
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('keyboard only: reach Submit from the nav, submit with Enter', { timeout: 120_000 }, async () => {
  const p = await openPage(browser);
  try {
    await p.page.goto(`${base}/ui/#/jobs`);
    await p.page.locator('#jobs').waitFor();
    let onSubmitLink = false;
    for (let i = 0; i < 10 && !onSubmitLink; i++) {
      await p.page.keyboard.press('Tab');
      onSubmitLink = await p.page.evaluate(() => document.activeElement?.dataset?.nav === 'submit');
    }
    assert.ok(onSubmitLink, 'the Submit link is reachable with Tab');
    await p.page.keyboard.press('Enter');
    await p.page.waitForURL(/#\/submit$/);
    await p.page.waitForFunction(() => document.activeElement?.id === 'items');
    await p.page.keyboard.press('Shift+Tab'); // the function
    await p.page.keyboard.type('square');
    assert.equal(await p.page.evaluate(() => document.activeElement?.value), 'square');
    await p.page.keyboard.press('Tab'); // the items
    await p.page.keyboard.type('[6, 7]');
    await p.page.keyboard.press('Tab'); // chunk size
    await p.page.keyboard.press('Tab'); // timeout
    await p.page.keyboard.press('Enter');
    await p.page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
    await statusIs(p.page, 'SUCCEEDED');
    assert.equal(await p.page.locator('#results-preview').textContent(), '[36,49]');
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('/ opens the jobs list; the status filter shows only jobs of that status', { timeout: 60_000 }, async () => {
  const p = await openPage(browser);
  try {
    await p.page.goto(`${base}/`);
    await p.page.waitForURL(/\/ui\/(#\/jobs)?$/);
    await p.page.locator('#jobs tbody tr').first().waitFor();
    const all = await p.page.locator('#jobs tbody tr [data-status]').allTextContents();
    assert.ok(all.includes('SUCCEEDED') && all.includes('FAILED'), `earlier tests left both: ${all}`);
    await p.page.getByLabel('Status').selectOption('FAILED');
    await p.page.waitForURL(/#\/jobs\?status=FAILED$/);
    await p.page.locator('#jobs tbody tr').first().waitFor();
    await p.page.waitForFunction(() => [...document.querySelectorAll('#jobs tbody tr [data-status]')]
      .every((b) => b.textContent === 'FAILED'));
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('phone width: the jobs list fits the screen', { timeout: 60_000 }, async () => {
  const p = await openPage(browser, { width: 390, height: 844 });
  try {
    await p.page.goto(`${base}/ui/#/jobs`);
    await p.page.locator('#jobs tbody tr').first().waitFor();
    const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
    await p.shot('jobs-phone');
    await p.page.goto(`${base}/ui/#/workers`);
    await p.page.locator('#cores .core').first().waitFor();
    await p.shot('workers-phone');
    p.assertNoConsoleErrors();
  } finally {
    await p.close();
  }
});

test('load time and size of the page', { timeout: 180_000 }, async () => {
  // Each load in a fresh context, as a first visit: nothing cached, every file fetched.
  const loads = [];
  const ready = [];
  let assets = [];
  for (let i = 0; i < LOADS; i++) {
    const p = await openPage(browser);
    try {
      await p.page.goto(`${base}/ui/#/jobs`, { waitUntil: 'load' });
      await p.page.locator('#jobs tbody tr, #jobs + p:not([hidden])').first().waitFor();
      const [load, shown, files] = await p.page.evaluate(() => [
        performance.getEntriesByType('navigation')[0].loadEventEnd,
        performance.now(),
        [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
          .filter((e) => new URL(e.name).pathname.startsWith('/ui/'))
          .map((e) => ({ path: new URL(e.name).pathname, bytes: e.decodedBodySize })),
      ]);
      loads.push(load);
      ready.push(shown);
      assets = files;
      if (i === 0) await p.shot('jobs');
      p.assertNoConsoleErrors();
    } finally {
      await p.close();
    }
  }
  const bytes = assets.reduce((t, a) => t + a.bytes, 0);
  console.log(`page load (navigation start to loadEventEnd), median of ${LOADS} first visits: ` +
    `${median(loads).toFixed(0)} ms (min ${Math.min(...loads).toFixed(0)}, max ${Math.max(...loads).toFixed(0)})`);
  console.log(`jobs list shown (first GET /jobs rendered), median of ${LOADS}: ${median(ready).toFixed(0)} ms`);
  console.log(`page size: ${bytes} bytes uncompressed in ${assets.length} files ` +
    `(${assets.map((a) => `${a.path} ${a.bytes}`).join(', ')})`);
  assert.ok(bytes > 0 && bytes <= 150 * 1024, `assets total ${bytes} bytes, limit 150 KB`);
});
