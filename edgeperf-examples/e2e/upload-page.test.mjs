// The upload page in a real browser: headless Chromium driven by Playwright against the packaged service.
// Run after `mvn -B -DskipTests package`: `npm ci && npm test` in this directory (needs /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import { sha256Of, writeWav } from './wav.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const jar = join(here, '..', 'target', 'sermon-uploader.jar');
const screenshot = join(here, '..', 'target', 'upload-page.png');
const work = mkdtempSync(join(tmpdir(), 'sermon-e2e-'));
const data = join(work, 'data');
const MB = 1024 * 1024;

let service;
let base;
let tokenUrl;
let token;
let browser;
let page;


async function serverOffset(uploadUrl) {
  const res = await fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: 'Bearer ' + token } });
  assert.equal(res.status, 200);
  return Number(res.headers.get('upload-offset'));
}

const rowState = (name) => page.locator(`li.upload[data-name="${name}"]`).last().getAttribute('data-state');

async function waitForState(name, state, timeout = 120000) {
  await page.waitForFunction(([n, s]) => {
    const rows = document.querySelectorAll(`li.upload[data-name="${n}"]`);
    return rows.length && rows[rows.length - 1].dataset.state === s;
  }, [name, state], { timeout, polling: 100 });
}

const files = {};

before(async () => {
  files.small = { path: join(work, 'Morning Prayer.wav'), name: 'Morning Prayer.wav' };
  files.big = { path: join(work, 'Sunday Sermon.wav'), name: 'Sunday Sermon.wav' };
  files.small.sha = await writeWav(files.small.path, 5 * MB);
  files.big.sha = await writeWav(files.big.path, 200 * MB);
  files.text = join(work, 'notes.wav');
  writeFileSync(files.text, 'These are the notes for the sermon, not a recording.\n'.repeat(200));

  service = spawn('java', ['-Xmx64m', '-jar', jar], {
    env: { ...process.env, PORT: '0', BIND_ADDRESS: '127.0.0.1', DATA_DIR: data, DISK_RESERVE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await new Promise((resolve, reject) => {
    service.stdout.once('data', (d) => resolve([d.toString()]));
    service.once('exit', (code) => reject(new Error('the service exited with ' + code)));
  });
  const match = line.match(/ready on (\S+) .*a new upload token is in (\S+) /);
  assert.ok(match, 'ready line naming the token file: ' + line);
  assert.ok(!line.includes(readFileSync(match[2], 'utf8').trim()), 'the token itself is never printed');
  base = match[1];
  token = readFileSync(match[2], 'utf8').trim();
  tokenUrl = base + '#token=' + token;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('pageerror', (e) => { throw e; });
  // Slow uploads to 40 MB/s so the page can be reloaded in the middle of one.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 40 * MB,
  });
});

after(async () => {
  if (page) await page.screenshot({ path: screenshot, fullPage: true });
  if (browser) await browser.close();
  if (service) {
    service.kill('SIGTERM');
    await once(service, 'exit');
  }
  rmSync(work, { recursive: true, force: true });
});

test('the token URL stores the token and hides the token form', async () => {
  await page.goto(tokenUrl);
  assert.equal(await page.evaluate(() => localStorage.getItem('sermon-uploader.token')), token);
  assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
  assert.equal(await page.locator('#token-form').isHidden(), true);
  await page.waitForFunction(() => document.querySelector('#status-memory').textContent.startsWith('memory'));
});

test('two files upload, the page is reloaded mid-upload, and the big one resumes where the server was', async () => {
  await page.setInputFiles('#files', [files.small.path, files.big.path]);
  await waitForState(files.small.name, 'stored');
  await page.waitForFunction((n) => {
    const row = document.querySelector(`li.upload[data-name="${n}"]`);
    return row && Number(row.dataset.accepted || 0) >= 40 * 1024 * 1024;
  }, files.big.name, { timeout: 60000, polling: 50 });
  const uploadUrl = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key.startsWith('tus::')) return JSON.parse(localStorage.getItem(key)).uploadUrl;
    }
    return null;
  });
  assert.ok(uploadUrl, 'tus remembered the upload for resuming');
  const before = await serverOffset(uploadUrl);
  assert.ok(before >= 40 * MB && before < 200 * MB, 'partway: ' + before);

  await page.reload();
  await page.setInputFiles('#files', [files.big.path]);
  await page.waitForFunction((n) => {
    const row = document.querySelector(`li.upload[data-name="${n}"]`);
    return row && row.dataset.accepted !== undefined;
  }, files.big.name, { timeout: 60000, polling: 50 });
  const firstAfterReload = Number(await page.locator(`li.upload[data-name="${files.big.name}"]`).getAttribute('data-accepted'));
  assert.ok(firstAfterReload > before, `resumed above ${before}, not from 0: ${firstAfterReload}`);
  await waitForState(files.big.name, 'stored');
  assert.equal(await serverOffset(uploadUrl), 200 * MB, 'the same upload finished');

  const states = readdirSync(join(data, 'uploads')).filter((f) => f.endsWith('.json'));
  assert.equal(states.length, 2, 'one tus upload per file: nothing restarted');
  assert.equal(await sha256Of(join(data, 'sermons', files.small.name)), files.small.sha);
  assert.equal(await sha256Of(join(data, 'sermons', files.big.name)), files.big.sha);
  await page.waitForFunction(() => document.querySelectorAll('#stored tbody tr').length === 2);
});

test('a file already stored is reported as a duplicate without uploading', async () => {
  await page.setInputFiles('#files', [files.small.path]);
  await waitForState(files.small.name, 'duplicate');
  const text = await page.locator(`li.upload[data-name="${files.small.name}"]`).last().locator('.state').textContent();
  assert.equal(text, 'already stored as ' + files.small.name);
});

test('a file that is not a WAV recording is refused with the server\'s reason', async () => {
  await page.setInputFiles('#files', [files.text]);
  await waitForState('notes.wav', 'refused');
  const text = await page.locator('li.upload[data-name="notes.wav"]').locator('.state').textContent();
  assert.match(text, /^refused: only WAV recordings are accepted: not a WAV file/);
  assert.equal(await rowState('notes.wav'), 'refused');
});

test('a stored sermon downloads through a short-lived ticket, never the token in a URL', async () => {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#stored tbody tr', { hasText: files.small.name }).locator('button.download').click(),
  ]);
  const saved = join(work, 'downloaded.wav');
  await download.saveAs(saved);
  assert.equal(await sha256Of(saved), files.small.sha);
  assert.ok(urls.some((u) => u.includes('?ticket=')), 'downloaded with a ticket');
  assert.ok(urls.every((u) => !u.includes(token)), 'the token never appears in a URL');
});

test('an admin renames a sermon and gives it a title and date in the page', async () => {
  await page.reload();
  const row = page.locator('#stored tbody tr', { hasText: files.small.name });
  await row.locator('button.edit').click();
  await page.fill('#edit-name', 'Evening Prayer.wav');
  await page.fill('#edit-title', 'Evening');
  await page.fill('#edit-date', '2026-11-29');
  await page.click('#edit-save');
  const renamed = page.locator('#stored tbody tr', { hasText: 'Evening Prayer.wav' });
  await renamed.locator('.about', { hasText: 'Evening · 2026-11-29' }).waitFor();
  const listed = await (await fetch(base + 'api/files', { headers: { Authorization: 'Bearer ' + token } })).json();
  const record = listed.files.find((f) => f.name === 'Evening Prayer.wav');
  assert.equal(record.sha256, files.small.sha);
  assert.deepEqual(record.details, { title: 'Evening', date: '2026-11-29' });
});

test('a rename to a taken name shows the server\'s reason and changes nothing', async () => {
  await page.locator('#stored tbody tr', { hasText: 'Evening Prayer.wav' }).locator('button.edit').click();
  await page.fill('#edit-name', files.big.name);
  await page.click('#edit-save');
  await page.locator('#editor-error', { hasText: "another sermon is named '" + files.big.name + "'" }).waitFor();
  await page.click('#edit-cancel');
  assert.equal(await page.locator('#stored tbody tr', { hasText: 'Evening Prayer.wav' }).count(), 1);
});

test('an admin deletes a sermon after confirming', async () => {
  page.once('dialog', (d) => d.accept());
  await page.locator('#stored tbody tr', { hasText: 'Evening Prayer.wav' }).locator('button.edit').click();
  await page.click('#edit-delete');
  await page.locator('#stored tbody tr', { hasText: 'Evening Prayer.wav' }).waitFor({ state: 'detached' });
  const res = await fetch(base + 'api/files/Evening%20Prayer.wav', { headers: { Authorization: 'Bearer ' + token } });
  assert.equal(res.status, 404);
});

test('reads need the token: a browser without it gets no listing', async () => {
  const res = await fetch(base + 'api/files');
  assert.equal(res.status, 401);
});
