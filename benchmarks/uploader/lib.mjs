// Helpers shared by the upload harness (harness.mjs) and the soak run (soak.mjs): starting and stopping a
// server process, reading its memory from /proc, and one tus-js-client upload of a file on disk.
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import * as tus from 'tus-js-client';

export const MiB = 1024 * 1024;
export const CHUNK = 8 * MiB;

export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(status.match(new RegExp(key + ':\\s+(\\d+)'))[1]);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function get(url, agent) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

/** Starts a server process and waits for GET /health to answer 200; returns it with the start-up time. */
export async function start(command, args, env, base) {
  const t0 = performance.now();
  const proc = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${command} exited with ${proc.exitCode}: ${stderr}`);
    try {
      if (await get(base + '/health') === 200) break;
    } catch (e) {
      // not listening yet
    }
    await sleep(5);
  }
  return { proc, startupMs: performance.now() - t0 };
}

export async function stop(proc) {
  proc.kill('SIGTERM');
  if (proc.exitCode === null) await once(proc, 'exit');
}

export function uploadJs(endpoint, path, headers) {
  const size = statSync(path).size;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const upload = new tus.Upload(createReadStream(path), {
      endpoint,
      chunkSize: CHUNK,
      uploadSize: size,
      headers,
      retryDelays: null,
      metadata: { filename: 'sermon.wav', filetype: 'audio/wav' },
      onError: reject,
      onSuccess: () => resolve({ seconds: (performance.now() - t0) / 1000, url: upload.url }),
    });
    upload.start();
  });
}

