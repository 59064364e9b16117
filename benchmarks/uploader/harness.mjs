// The upload harness: the sermon uploader (deploy flags, -Xmx64m, AppCDS) against @tus/server with
// @tus/file-store, the same file, client, chunk size and disk; plus the limit (hash + write, no server)
// and /health latency under 50 connections while uploads run. Prints one table and writes it to
// benchmarks/RESULTS.md. Usage (after `mvn -B -q -DskipTests package`): ./run.sh [--size=1G]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Of, writeWav } from '../../edgeperf-examples/e2e/wav.mjs';
import { CHUNK, MiB, deployedJava, get, jar, memory, sizeArg, sleep, start, stop, uploadJs, writeResults, cpuModel } from './lib.mjs';
import { measureS3 } from './s3.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const benchJar = join(root, 'benchmarks', 'target', 'benchmarks.jar');
const s3proxyJar = join(root, 'edgeperf-examples', 'target', 's3proxy', 's3proxy.jar');
const scratch = join(root, 'benchmarks', 'target', 'uploader');
const TOKEN = 'harness-token-0123456789';

const size = sizeArg();


/** 50 keep-alive connections asking for /health as fast as they are answered, for `seconds`. */
async function load(base, seconds, connections) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        if (await get(base + '/health', agent) !== 200) errors++;
      } catch (e) {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, errors, p50: at(0.5), p99: at(0.99) };
}

function java(...args) {
  return execFileSync('java', args, { encoding: 'utf8' }).trim();
}

// MAX_REQUEST_RATE: the /health load comes from one address, which the default (100 a second per address)
// would answer with 429 after its first hundred requests; the load measures latency, not that guard.
function sermonEnv(port, data) {
  return { PORT: String(port), BIND_ADDRESS: '127.0.0.1', DATA_DIR: data, UPLOAD_TOKEN: TOKEN, DISK_RESERVE: '0',
    MAX_UPLOAD_SIZE: '16G', MAX_REQUEST_RATE: '100000' };
}

async function main() {
  for (const f of [jar, benchJar, s3proxyJar]) {
    if (!existsSync(f)) throw new Error(f + ' is missing: run `mvn -B -q -DskipTests package` first');
  }
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const wav = join(scratch, 'sermon.wav');
  console.log(`generating a ${size / MiB} MiB WAV...`);
  const sha = await writeWav(wav, size);
  const results = { size };

  console.log('limit: SHA-256 + write to the same disk, no server...');
  const [limitSha, limitSeconds] = java('-cp', benchJar, 'dev.edgeperf.benchmarks.HashedWriteLimit', wav,
    join(scratch, 'limit.out')).split(' ');
  if (limitSha !== sha) throw new Error('the limit run hashed ' + limitSha);
  results.limitSeconds = Number(limitSeconds);
  rmSync(join(scratch, 'limit.out'));

  console.log('AppCDS archive...');
  const javaArgs = deployedJava(scratch);

  console.log('sermon-uploader + tus-js-client...');
  const port = 18000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  const data1 = join(scratch, 'data-js');
  const ours = await start('java', javaArgs, sermonEnv(port, data1), base);
  results.oursStartupMs = ours.startupMs;
  await sleep(2000);
  results.oursIdleRss = memory(ours.proc.pid).rss;
  const oursJs = await uploadJs(base + '/api/tus/', wav, { Authorization: 'Bearer ' + TOKEN });
  results.oursJsSeconds = oursJs.seconds;
  results.oursPeakRss = memory(ours.proc.pid).hwm;
  if (await sha256Of(join(data1, 'sermons', 'sermon.wav')) !== sha) throw new Error('sermon-uploader stored other bytes');
  execFileSync('jcmd', [String(ours.proc.pid), 'GC.run']);
  const status = await (await fetch(base + '/api/memory/status', { headers: { Authorization: 'Bearer ' + TOKEN } })).json();
  results.oursHeapAfterGc = Number(status.memory.current_stats.alloc_mb);

  console.log('/health under 50 connections for 20 s while uploads run...');
  let uploading = true;
  const uploads = (async () => {
    while (uploading) {
      await uploadJs(base + '/api/tus/', wav, { Authorization: 'Bearer ' + TOKEN }).catch(() => {});
    }
  })();
  await sleep(500);
  results.health = await load(base, 20, 50);
  uploading = false;
  await uploads;
  results.oursPeakRssWithLoad = memory(ours.proc.pid).hwm;
  await stop(ours.proc);

  console.log('sermon-uploader + tus-java-client...');
  const data2 = join(scratch, 'data-java');
  const oursJava = await start('java', javaArgs, sermonEnv(port, data2), base);
  const [, javaSeconds] = java('-cp', benchJar, 'dev.edgeperf.benchmarks.TusJavaUpload', base + '/api/tus/', wav, TOKEN,
    String(CHUNK)).split(' ');
  results.oursJavaSeconds = Number(javaSeconds);
  results.oursJavaPeakRss = memory(oursJava.proc.pid).hwm;
  if (await sha256Of(join(data2, 'sermons', 'sermon.wav')) !== sha) throw new Error('tus-java-client upload differs');
  await stop(oursJava.proc);

  console.log('S3: sermon-uploader shipping to S3Proxy, against the AWS SDK for JavaScript...');
  results.s3 = await measureS3({ s3proxyJar, scratch, wav, sha, size, javaArgs, env: sermonEnv(port, join(scratch, 'data-s3')),
    port, token: TOKEN });

  console.log('@tus/server + @tus/file-store + tus-js-client...');
  const store = join(scratch, 'tus-store');
  mkdirSync(store);
  const peer = await start('node', [join(here, 'tus-server.mjs'), String(port), store], {}, base);
  results.peerStartupMs = peer.startupMs;
  await sleep(2000);
  results.peerIdleRss = memory(peer.proc.pid).rss;
  const peerJs = await uploadJs(base + '/files/', wav, {});
  results.peerJsSeconds = peerJs.seconds;
  results.peerPeakRss = memory(peer.proc.pid).hwm;
  const stored = readdirSync(store).filter((f) => !f.endsWith('.json')).map((f) => join(store, f))
    .find((f) => statSync(f).size === size);
  if (!stored || await sha256Of(stored) !== sha) throw new Error('@tus/server stored other bytes');
  await stop(peer.proc);

  results.jarBytes = statSync(jar).size;
  rmSync(scratch, { recursive: true, force: true });
  report(results);
}

function report(r) {
  const mbps = (seconds) => size / MiB / seconds;
  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr;
  const cpu = cpuModel();
  const rows = [
    ['throughput, tus-js-client, 8 MiB chunks', `${f1(mbps(r.oursJsSeconds))} MiB/s`, `${f1(mbps(r.peerJsSeconds))} MiB/s`,
      `${f2(r.peerJsSeconds / r.oursJsSeconds)}× @tus/server (target ≥ 1.0)`],
    ['throughput against the limit', `${f1(mbps(r.oursJsSeconds))} MiB/s`, `limit ${f1(mbps(r.limitSeconds))} MiB/s`,
      `${f2(r.limitSeconds / r.oursJsSeconds)}× the limit (target ≥ 0.8)`],
    ['throughput, tus-java-client', `${f1(mbps(r.oursJavaSeconds))} MiB/s`, '—',
      `${f2(r.oursJsSeconds / r.oursJavaSeconds)}× tus-js-client`],
    ['peak RSS during the upload (VmHWM)', `${f1(r.oursPeakRss)} MiB`, `${f1(r.peerPeakRss)} MiB`,
      `${f2(r.oursPeakRss / r.peerPeakRss)}× (target ≤ 0.8, and ≤ 128 MiB)`],
    ['peak RSS with /health load too', `${f1(r.oursPeakRssWithLoad)} MiB`, '—', ''],
    ['heap in use after GC', `${f1(r.oursHeapAfterGc)} MiB`, '—', '-Xmx64m'],
    ['idle RSS', `${f1(r.oursIdleRss)} MiB`, `${f1(r.peerIdleRss)} MiB`, `${f2(r.oursIdleRss / r.peerIdleRss)}× (target ≤ 80 MiB)`],
    ['start-up to first 200 from /health (AppCDS)', `${Math.round(r.oursStartupMs)} ms`, `${Math.round(r.peerStartupMs)} ms`,
      `${f2(r.oursStartupMs / r.peerStartupMs)}× (target ≤ 1.0 s)`],
    ['/health p50 / p99, 50 connections, uploads running', `${f2(r.health.p50)} / ${f2(r.health.p99)} ms`, '—',
      `${r.health.requests} requests, ${r.health.errors} errors (target p99 ≤ 50 ms)`],
    ['sermon-uploader.jar', `${f1(r.jarBytes / 1e6)} MB`, '—', 'target ≤ 20 MB'],
    ['S3: shipping the upload to S3Proxy (16 MiB parts, 4 at once)', `${f1(mbps(r.s3.shipSeconds))} MiB/s`,
      `AWS SDK v3 defaults (5 MiB parts, 4 at once): ${f1(mbps(r.s3.peerFourSeconds))} MiB/s`,
      `${f2(r.s3.peerFourSeconds / r.s3.shipSeconds)}× the AWS SDK (target ≥ 1.2)`],
    ['S3: idle RSS in S3 mode', `${f1(r.s3.idleRss)} MiB`, '—', 'target ≤ 90 MiB'],
    ['S3: peak RSS, upload then shipping (VmHWM)', `${f1(r.s3.peakRss)} MiB`, '—', 'target ≤ 128 MiB'],
  ];
  const table = ['| measure | sermon-uploader | peer | ratio |', '|---|---|---|---|',
    ...rows.map((row) => '| ' + row.join(' | ') + ' |')].join('\n');
  const section = [
    '<!-- uploader-harness:start -->',
    '## Upload harness (whole process)',
    '',
    `${size / MiB} MiB WAV, one upload at a time, client and server on one ${cpus().length}-vCPU machine (${cpu}),`,
    `${javaVersion.split('\n')[0]}, Node ${process.version}; sermon-uploader with \`edgeperf-examples/deploy/jvm.options\``,
    '(-Xmx64m, Serial GC) and an AppCDS archive; the peer is `@tus/server` 2.4.5 with `@tus/file-store` 2.1.1;',
    'for S3, S3Proxy 4.1.0 (filesystem backend) on the same machine, the peer `@aws-sdk/lib-storage` 3.1173.0.',
    'Every stored file is checked against the source\'s SHA-256. The sermon uploader fsyncs every PATCH before',
    'acknowledging it; @tus/server does not fsync. The /health load comes from one address, so the service runs',
    'with `MAX_REQUEST_RATE=100000` (its default of 100 a second per address would answer most of it with 429).',
    'Command: `benchmarks/uploader/run.sh` (' + new Date().toISOString().slice(0, 10) + ').',
    '',
    table,
    '<!-- uploader-harness:end -->',
  ].join('\n');
  console.log('\n' + table);
  writeResults('uploader-harness', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
