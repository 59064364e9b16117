// S3 shipping compared (#19): the S3 clients the service could use, each shipping the same file to the same
// S3Proxy in a fresh JVM with the deploy unit's flags (S3ClientShip: MinIO SDK, AWS SDK for Java v2 on its
// URLConnection client, the service's own Bucket), then the whole service in S3 mode (idle and peak RSS,
// shipping time) against the AWS SDK for JavaScript v3's managed upload with its defaults. Writes the table
// to benchmarks/RESULTS.md (section "S3 shipping"). Usage (after `mvn -B -q -DskipTests package`):
//   benchmarks/uploader/run.sh --s3 [--sizes=512M,1G] [--clients=minio,aws,edgeperf] (--clients= for the service only)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Of, writeWav } from '../../edgeperf-examples/e2e/wav.mjs';
import { MiB, deployOptions, deployedJava, stop, writeResults, cpuModel } from './lib.mjs';
import { ACCESS_KEY, SECRET_KEY, awsSdkUpload, measureS3, startS3Proxy } from './s3.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const s3proxyJar = join(root, 'edgeperf-examples', 'target', 's3proxy', 's3proxy.jar');
const scratch = join(root, 'benchmarks', 'target', 's3-compare');
const TOKEN = 'harness-token-0123456789';
const clientsArg = process.argv.find((a) => a.startsWith('--clients='));
const CLIENTS = clientsArg ? clientsArg.slice(10).split(',').filter((c) => c) : ['minio', 'aws', 'edgeperf'];

const sizes = (process.argv.find((a) => a.startsWith('--sizes=')) || '--sizes=512M,1G').slice(8).split(',').map((v) => {
  const m = v.match(/^(\d+)([MG])$/i);
  if (!m) throw new Error('--sizes: allowed sizes such as 512M or 1G, comma-separated');
  return Number(m[1]) * (m[2].toUpperCase() === 'G' ? 1024 * MiB : MiB);
});

function classPath() {
  const out = join(scratch, 'classpath.txt');
  execFileSync('mvn', ['-B', '-q', '-o', 'dependency:build-classpath', '-pl', 'benchmarks', `-Dmdep.outputFile=${out}`],
    { cwd: root, stdio: 'inherit' });
  return join(root, 'benchmarks', 'target', 'classes') + ':' + readFileSync(out, 'utf8').trim();
}

async function main() {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, 'jvm.options'), deployOptions());
  // The service runs as the package installs it: the same flags and the AppCDS archive made at install.
  const serviceDir = join(scratch, 'service');
  mkdirSync(serviceDir);
  const serviceJava = deployedJava(serviceDir);
  const cp = classPath();
  const port = 19000 + Math.floor(Math.random() * 1000);
  const s3port = port + 1;
  const s3 = await startS3Proxy(s3proxyJar, join(scratch, 's3'), s3port);
  const endpoint = `http://127.0.0.1:${s3port}`;
  const rows = [];
  try {
    for (const size of sizes) {
      const wav = join(scratch, 'sermon.wav');
      console.log(`${size / MiB} MiB: generating...`);
      const sha = await writeWav(wav, size);
      const clients = {};
      for (const client of CLIENTS) {
        console.log(`${size / MiB} MiB: ${client}...`);
        const key = `${client}-${size}.wav`;
        const line = execFileSync('java', ['@' + join(scratch, 'jvm.options'), '-cp', cp, 'dev.edgeperf.benchmarks.S3ClientShip',
          client, endpoint, ACCESS_KEY, SECRET_KEY, 'sermons', wav, key, sha], { encoding: 'utf8' }).trim().split('\n').pop();
        const [seconds, hwm, rss, classes] = line.split(' ').map(Number);
        const stored = join(s3.blobs, 'sermons', client === 'edgeperf' ? 'sermons' : '', key);  // Bucket puts under sermons/
        if (await sha256Of(stored) !== sha) throw new Error(client + ' stored other bytes');
        clients[client] = { seconds, hwm: hwm / 1024, rss: rss / 1024, classes };
      }
      console.log(`${size / MiB} MiB: the service in S3 mode, then the AWS SDK for JavaScript...`);
      const service = await measureS3({ s3proxyJar, scratch: join(scratch, 'svc-' + size), wav, sha, size,
        javaArgs: serviceJava, port, token: TOKEN, s3: { endpoint, blobs: s3.blobs },
        bucket: `service-${size / MiB}m`,
        env: { PORT: String(port), BIND_ADDRESS: '127.0.0.1', DATA_DIR: join(scratch, 'data-' + size), UPLOAD_TOKEN: TOKEN,
          DISK_RESERVE: '0', MAX_UPLOAD_SIZE: '16G' } });
      rows.push({ size, clients, service });
      rmSync(wav);
    }
  } finally {
    await stop(s3.proc);
  }
  report(rows);
}

function report(rows) {
  const f1 = (x) => x.toFixed(1);
  const f2 = (x) => x.toFixed(2);
  const mbps = (size, s) => f1(size / MiB / s);
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];
  const cpu = cpuModel();
  const lines = ['| file | client | shipping | time ÷ edgeperf\'s | peak RSS (VmHWM) | loaded classes |', '|---|---|---|---|---|---|'];
  for (const { size, clients } of rows) {
    for (const c of CLIENTS) {
      const r = clients[c];
      const ref = clients.edgeperf || r;
      lines.push(`| ${size / MiB} MiB | ${c} | ${mbps(size, r.seconds)} MiB/s | ${f2(r.seconds / ref.seconds)} | `
        + `${f1(r.hwm)} MiB | ${r.classes} |`);
    }
  }
  lines.push('', '| file | service shipping (16 MiB parts, 4 at once) | AWS SDK v3 `lib-storage` defaults | ratio (SDK time ÷ ours) | service idle RSS, 2 s / 10 s after start | service peak RSS, upload + shipping |',
    '|---|---|---|---|---|---|');
  for (const { size, service } of rows) {
    lines.push(`| ${size / MiB} MiB | ${mbps(size, service.shipSeconds)} MiB/s | ${mbps(size, service.peerFourSeconds)} MiB/s | `
      + `${f2(service.peerFourSeconds / service.shipSeconds)}× (target ≥ 1.2) | ${f1(service.idleRss)} / ${f1(service.settledRss)} MiB (target ≤ 90) | `
      + `${f1(service.peakRss)} MiB (target ≤ 128) |`);
  }
  const section = ['<!-- s3-compare:start -->', '## S3 shipping: clients compared, and the service against the AWS SDK for JavaScript', '',
    `S3Proxy 4.1.0 (filesystem backend) and every client on one ${cpus().length}-vCPU machine (${cpu}), ${javaVersion},`,
    `Node ${process.version}. Each Java client ships the file in a fresh JVM with the deploy unit's \`jvm.options\``,
    '(-Xmx64m, Serial GC, no CDS archive) through `S3ClientShip`; the service runs as the package installs it (the',
    'same flags and the AppCDS archive `deploy/cds-archive.sh` makes). Every stored object is checked against the',
    'file\'s SHA-256. One run per row on a shared machine: compare ratios within a size, not absolute speeds.',
    'Command: `benchmarks/uploader/run.sh --s3` (' + new Date().toISOString().slice(0, 10) + ').', '', ...lines,
    '<!-- s3-compare:end -->'].join('\n');
  console.log('\n' + lines.join('\n'));
  writeResults('s3-compare', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
