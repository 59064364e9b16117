// The soak run (#11): uploads back to back for --minutes (default 30) against the sermon uploader with its
// deploy flags, with /health polled all along, sampling RSS, open file descriptors and threads every 10 s.
// Prints the samples a minute apart and fails (exit 1) if descriptors or threads grew, or RSS grew past the
// first third's peak by more than 10%. Every upload after the first is a duplicate of it, so bytes stream
// in full and are then deleted: the disk does not fill. Not part of CI.
//   mvn -B -q -DskipTests package && (cd benchmarks/uploader && npm ci && node soak.mjs --minutes=30)
import { readdirSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWav } from '../../edgeperf-examples/e2e/wav.mjs';
import { MiB, arg, deployOptions, get, memory, sleep, start, stop, uploadJs } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const scratch = join(root, 'benchmarks', 'target', 'soak');
const minutes = Number(arg('minutes', 30));
const TOKEN = 'soak-token-0123456789abc';

function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    ...memory(pid),
    fds: readdirSync(`/proc/${pid}/fd`).length,
    threads: Number(status.match(/Threads:\s+(\d+)/)[1]),
  };
}

async function main() {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const wav = join(scratch, 'soak.wav');
  await writeWav(wav, 256 * MiB);
  const options = deployOptions().split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const port = 19000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const service = await start('java', [...options, '-jar', join(root, 'edgeperf-examples', 'target', 'sermon-uploader.jar')],
    { PORT: String(port), BIND_ADDRESS: '127.0.0.1', DATA_DIR: join(scratch, 'data'), UPLOAD_TOKEN: TOKEN, DISK_RESERVE: '0' },
    base);
  const end = Date.now() + minutes * 60_000;
  let uploads = 0;
  let failures = 0;
  const uploading = (async () => {
    while (Date.now() < end) {
      await uploadJs(base + '/api/tus/', wav, { Authorization: 'Bearer ' + TOKEN })
        .then(() => uploads++, (e) => (String(e).includes('409') ? uploads++ : failures++));
    }
  })();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const polling = (async () => {
    while (Date.now() < end) {
      if (await get(base + '/health', agent) !== 200) failures++;
      await sleep(250);
    }
  })();
  const samples = [];
  while (Date.now() < end) {
    await sleep(10_000);
    samples.push({ t: samples.length * 10, ...sample(service.proc.pid) });
  }
  await Promise.all([uploading, polling]);
  agent.destroy();
  await stop(service.proc);
  rmSync(scratch, { recursive: true, force: true });

  console.log('seconds | RSS MiB | peak MiB | fds | threads');
  samples.filter((s) => s.t % 60 === 0 || s === samples[samples.length - 1]).forEach((s) =>
    console.log(`${s.t} | ${s.rss.toFixed(1)} | ${s.hwm.toFixed(1)} | ${s.fds} | ${s.threads}`));
  const third = samples.slice(0, Math.max(1, Math.floor(samples.length / 3)));
  const last = samples[samples.length - 1];
  const checks = [
    [`RSS ${last.rss.toFixed(1)} MiB ≤ 1.1 × first third's peak ${Math.max(...third.map((s) => s.rss)).toFixed(1)} MiB`,
      last.rss <= 1.1 * Math.max(...third.map((s) => s.rss))],
    [`file descriptors ${last.fds} ≤ first third's most ${Math.max(...third.map((s) => s.fds))} + 2`,
      last.fds <= Math.max(...third.map((s) => s.fds)) + 2],
    [`threads ${last.threads} ≤ first third's most ${Math.max(...third.map((s) => s.threads))}`,
      last.threads <= Math.max(...third.map((s) => s.threads))],
    [`${uploads} uploads, ${failures} failures`, failures === 0 && uploads > 0],
  ];
  checks.forEach(([text, ok]) => console.log((ok ? 'ok   ' : 'FAIL ') + text));
  process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
