// The #23 upload and footprint figures as medians of alternating runs: the sermon uploader (deploy flags,
// -Xmx64m, AppCDS made as the package makes it) against @tus/server with @tus/file-store, one tus-js-client
// upload of the same WAV each, a fresh server and data directory per upload. Per run and server: start-up to
// the first 200 from /health, idle RSS 2 s later, upload time, peak RSS (VmHWM), the stored file's SHA-256.
// Writes the table to benchmarks/RESULTS.md. Usage (after `mvn -B -q -DskipTests package`):
//   benchmarks/uploader/run.sh --ratio [--size=1G] [--runs=5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWav } from '../../edgeperf-examples/e2e/wav.mjs';
import { MiB, cpuModel, deployedJava, intArg, measureUpload, median, sizeArg, writeResults } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const scratch = join(root, 'benchmarks', 'target', 'uploader-ratio');
const TOKEN = 'harness-token-0123456789';

async function main() {
  const size = sizeArg();
  const runs = intArg('runs', 5, 1, 50);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const wav = join(scratch, 'sermon.wav');
  console.log(`generating a ${size / MiB} MiB WAV...`);
  const sha = await writeWav(wav, size);
  console.log('AppCDS archive...');
  const javaArgs = deployedJava(scratch);
  const ours = {
    name: 'sermon-uploader', command: 'java', path: '/api/tus/', headers: { Authorization: 'Bearer ' + TOKEN },
    args: () => javaArgs,
    env: (port, data) => ({ PORT: String(port), BIND_ADDRESS: '127.0.0.1', DATA_DIR: data, UPLOAD_TOKEN: TOKEN,
      DISK_RESERVE: '0', MAX_UPLOAD_SIZE: '16G' }),
    stored: (data) => join(data, 'sermons', 'sermon.wav'),
  };
  const peer = {
    name: '@tus/server', command: 'node', path: '/files/', headers: {},
    args: (port, data) => [join(here, 'tus-server.mjs'), String(port), data],
    env: () => ({}),
    stored: (data) => readdirSync(data).filter((f) => !f.endsWith('.json')).map((f) => join(data, f))
      .find((f) => statSync(f).size === size),
  };
  const port = 18000 + Math.floor(Math.random() * 1000);
  const figures = { [ours.name]: [], [peer.name]: [] };
  for (let i = 0; i < runs; i++) {
    for (const server of i % 2 === 0 ? [ours, peer] : [peer, ours]) {
      const f = await measureUpload(server, wav, sha, port, join(scratch, 'data'));
      figures[server.name].push(f);
      console.log(`run ${i + 1}/${runs} ${server.name}: ${f.seconds.toFixed(2)} s, peak ${f.peakRss.toFixed(1)} MiB,`
        + ` idle ${f.idleRss.toFixed(1)} MiB, start-up ${Math.round(f.startupMs)} ms`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  report(size, runs, figures[ours.name], figures[peer.name]);
}

function report(size, runs, ours, peer) {
  const m = (list, key) => median(list.map((f) => f[key]));
  const all = (list, key, digits) => list.map((f) => f[key].toFixed(digits)).join(', ');
  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  const speed = m(peer, 'seconds') / m(ours, 'seconds');
  const peak = m(ours, 'peakRss') / m(peer, 'peakRss');
  const rows = [
    ['1 GiB upload, tus-js-client, 8 MiB chunks (s)', f2(m(ours, 'seconds')), f2(m(peer, 'seconds')),
      `${f2(speed)}× @tus/server's speed (target ≥ 1.1: ${speed >= 1.1 ? 'met' : 'missed'})`,
      `${all(ours, 'seconds', 2)} / ${all(peer, 'seconds', 2)}`],
    ['peak RSS during the upload, VmHWM (MiB)', f1(m(ours, 'peakRss')), f1(m(peer, 'peakRss')),
      `${f2(peak)}× (target ≤ 0.8: ${peak <= 0.8 ? 'met' : 'missed'})`,
      `${all(ours, 'peakRss', 1)} / ${all(peer, 'peakRss', 1)}`],
    ['idle RSS, 2 s after start-up (MiB)', f1(m(ours, 'idleRss')), f1(m(peer, 'idleRss')),
      `target ≤ 64 MiB: ${m(ours, 'idleRss') <= 64 ? 'met' : 'missed'}`,
      `${all(ours, 'idleRss', 1)} / ${all(peer, 'idleRss', 1)}`],
    ['start-up to the first 200 from /health (ms)', String(Math.round(m(ours, 'startupMs'))),
      String(Math.round(m(peer, 'startupMs'))), `target ≤ 500 ms: ${m(ours, 'startupMs') <= 500 ? 'met' : 'missed'}`,
      `${all(ours, 'startupMs', 0)} / ${all(peer, 'startupMs', 0)}`],
  ];
  const table = ['| median of ' + runs + ' runs | sermon-uploader | @tus/server | ratio | every run (ours / peer) |',
    '|---|---:|---:|---|---|', ...rows.map((row) => '| ' + row.join(' | ') + ' |')].join('\n');
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];
  const cpu = cpuModel();
  const section = [
    '<!-- upload-ratio:start -->',
    '### Upload and footprint against @tus/server (#23)',
    '',
    `${size / MiB} MiB WAV; ${runs} runs, alternating which server goes first; a fresh server and data directory per`,
    `upload; ${cpus().length}-vCPU machine (${cpu}), ${javaVersion}, Node ${process.version}. The sermon uploader runs`,
    'with `deploy/jvm.options` and an AppCDS archive made by `deploy/cds-archive.sh`; every stored file is checked',
    'by SHA-256. The sermon uploader makes every PATCH durable before answering it; @tus/server does not fsync.',
    `Command: \`benchmarks/uploader/run.sh --ratio --size=${size / MiB}M --runs=${runs}\` (${new Date().toISOString().slice(0, 10)}).`,
    '',
    table,
    '<!-- upload-ratio:end -->',
  ].join('\n');
  console.log('\n' + table);
  writeResults('upload-ratio', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
