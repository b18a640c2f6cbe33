// Shared set-up for the browser tests: Debian's chromium driven by playwright-core, a page per
// test that records console errors, and screenshots under target/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const screenshots = process.env.SCREENSHOTS ?? 'target/screenshots';
mkdirSync(screenshots, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run'],
  });
}

/**
 * A new page (own context: own sessionStorage, no cookies) that records console errors and
 * uncaught exceptions. allowed: [{status, url: RegExp}] answers the browser may log as failed
 * resources because the test provokes them (a refused submit, a 401 before the key is given).
 */
export async function openPage(browser, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push({ text: msg.text(), url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (e) => errors.push({ text: `uncaught: ${e.message}`, url: '' }));
  page.setDefaultTimeout(60_000);
  return {
    page,
    context,
    /** Fails on any console error except failed loads the test expected. */
    assertNoConsoleErrors(allowed = []) {
      const unexpected = errors.filter((e) => !allowed.some((a) =>
        e.text.includes(`status of ${a.status}`) && a.url.test(e.url)));
      assert.deepEqual(unexpected, [], 'console errors on the page');
    },
    errors,
    async shot(name) {
      await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    },
    close: () => context.close(),
  };
}

export async function api(base, path, { method = 'GET', body, key } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
