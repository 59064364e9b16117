// Helpers shared by the upload harness (harness.mjs), the upload ratios (ratio.mjs) and the soak run (soak.mjs):
// the service's JVM flags as installed, starting and stopping a server process, reading its memory from /proc,
// and one tus-js-client upload of a file on disk.
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tus from 'tus-js-client';
import { sha256Of } from '../../edgeperf-examples/e2e/wav.mjs';

export const MiB = 1024 * 1024;
export const CHUNK = 8 * MiB;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const deploy = join(root, 'edgeperf-examples', 'deploy');
export const jar = join(root, 'edgeperf-examples', 'target', 'sermon-uploader.jar');

/** The value of `--name=value` on the command line, or `fallback`. */
export function arg(name, fallback) {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? given.slice(name.length + 3) : fallback;
}

/** `--name=` as a whole number from `min` to `max` (default `fallback`). */
export function intArg(name, fallback, min, max) {
  const value = Number(arg(name, String(fallback)));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name}=${arg(name)}: allowed a whole number from ${min} to ${max}`);
  }
  return value;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `--size=` in bytes (a number with K, M or G; default 1G). */
export function sizeArg() {
  const m = arg('size', '1G').match(/^(\d+)([KMG]?)$/i);
  if (!m) throw new Error('--size: allowed a number of bytes with K, M or G, e.g. --size=1G');
  return Number(m[1]) * { '': 1, K: 1024, M: MiB, G: 1024 * MiB }[m[2].toUpperCase()];
}

/** The CPU's model name, for the tables' machine line. */
export function cpuModel() {
  return (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [, 'unknown'])[1];
}

/**
 * Puts `section` (which starts with `<!-- marker:start -->` and ends with `<!-- marker:end -->`) into
 * benchmarks/RESULTS.md in place of the marked section there, or at the end if there is none.
 */
export function writeResults(marker, section) {
  const resultsFile = join(root, 'benchmarks', 'RESULTS.md');
  const text = readFileSync(resultsFile, 'utf8');
  const marked = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`);
  writeFileSync(resultsFile, marked.test(text) ? text.replace(marked, () => section) : text.trimEnd() + '\n\n' + section + '\n');
  console.log('\nwritten to benchmarks/RESULTS.md');
}

/** deploy/jvm.options as text (comments kept), without its class-data-sharing lines. */
export function deployOptions() {
  return readFileSync(join(deploy, 'jvm.options'), 'utf8').split('\n')
    .filter((l) => !l.includes('SharedArchiveFile') && !l.includes('Xshare')).join('\n');
}

/**
 * The java arguments the installed service runs with: deploy/jvm.options plus an AppCDS archive made by
 * deploy/cds-archive.sh, the way the package makes it; the archive and options files go to `scratch`.
 */
export function deployedJava(scratch) {
  const options = deployOptions();
  writeFileSync(join(scratch, 'jvm-nocds.options'), options);
  execFileSync(join(deploy, 'cds-archive.sh'), [jar, join(scratch, 'jvm-nocds.options'), join(scratch, 'sermon.jsa')]);
  writeFileSync(join(scratch, 'jvm.options'), options + `\n-XX:SharedArchiveFile=${join(scratch, 'sermon.jsa')}\n`);
  return ['@' + join(scratch, 'jvm.options'), '-jar', jar];
}

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

/** CPU seconds the process has used, user and system. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * One server, one upload, in a fresh `data` directory: start-up to the first 200 from /health, idle RSS 2 s
 * later, the upload's time and the server's CPU time over it, peak RSS; the stored bytes are checked against
 * `sha`. `server` has command, args(port, data), env(port, data), path, headers, stored(data) and name.
 */
export async function measureUpload(server, wav, sha, port, data) {
  rmSync(data, { recursive: true, force: true });
  mkdirSync(data);
  const base = `http://127.0.0.1:${port}`;
  const started = await start(server.command, server.args(port, data), server.env(port, data), base);
  try {
    await sleep(2000);
    const idleRss = memory(started.proc.pid).rss;
    const cpu0 = cpuSeconds(started.proc.pid);
    const upload = await uploadJs(base + server.path, wav, server.headers);
    const cpu = cpuSeconds(started.proc.pid) - cpu0;
    const peakRss = memory(started.proc.pid).hwm;
    if (await sha256Of(server.stored(data)) !== sha) throw new Error(server.name + ' stored other bytes');
    return { startupMs: started.startupMs, idleRss, seconds: upload.seconds, cpu, peakRss };
  } finally {
    await stop(started.proc);
    rmSync(data, { recursive: true, force: true });
  }
}
