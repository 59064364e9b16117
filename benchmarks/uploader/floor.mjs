// The upload floor: how fast and how small a JVM tus server can be here, so the sermon uploader's misses against
// @tus/server split into what the platform costs and what the service adds. Four servers take the same
// tus-js-client upload (8 MiB chunks), in turn, a fresh process and data directory each, for --runs rounds:
//   @tus/server         the peer (tus-server.mjs): neither hashes nor fsyncs;
//   jetty bare          MinimalTus.java, Jetty 12 on the deploy unit's JVM flags, writing chunks as they come;
//   jetty + promise     the same, plus the service's promise kept its way: SHA-256 of every byte, a background
//                       fdatasync every MiB received and a last one before each answer;
//   (--modes= picks MinimalTus's modes: bare,promise by default; also "blocking" and "stream", which price two
//   ways a handler thread can read the body: see MinimalTus.java)
//   sermon-uploader     the service as the package installs it (deploy flags and its AppCDS archive).
// Per upload: wall time, server CPU time (/proc), peak RSS (VmHWM); per start: idle RSS 2 s after the first
// 200 from /health. Writes the medians to benchmarks/RESULTS.md. Usage (after `mvn -B -q -DskipTests package`):
//   benchmarks/uploader/run.sh --floor [--size=1G] [--runs=5] [--buffer=65536] [--modes=bare,promise]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWav } from '../../edgeperf-examples/e2e/wav.mjs';
import { MiB, cpuModel, deployOptions, deployedJava, intArg, jar, measureUpload, median, sizeArg,
  writeResults } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const scratch = join(here, '..', 'target', 'uploader-floor');
const TOKEN = 'harness-token-0123456789';
/** MinimalTus's modes, by the name each has in the table. */
const MODES = {
  bare: 'jetty bare',
  promise: 'jetty + promise',
  stream: 'jetty + promise, InputStream',
  blocking: 'jetty + promise, blocking reads',
};

/** The data directory's one file of `size` bytes (the peer and MinimalTus name files by upload id). */
const storedIn = (size) => (data) => readdirSync(data).map((f) => join(data, f))
  .find((f) => statSync(f).size === size);

async function main() {
  const size = sizeArg();
  const runs = intArg('runs', 5, 1, 50);
  const buffer = intArg('buffer', 65536, 1024, 4 * MiB);
  const modes = (process.argv.find((a) => a.startsWith('--modes='))?.slice(8) ?? 'bare,promise').split(',');
  const unknown = modes.filter((m) => !(m in MODES));
  if (unknown.length > 0) {
    throw new Error(`--modes=${unknown.join(',')}: allowed are ${Object.keys(MODES).join(', ')}`);
  }
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const wav = join(scratch, 'sermon.wav');
  console.log(`generating a ${size / MiB} MiB WAV...`);
  const sha = await writeWav(wav, size);
  const classes = join(scratch, 'classes');
  execFileSync('javac', ['-d', classes, '-cp', jar, join(here, 'MinimalTus.java')]);
  writeFileSync(join(scratch, 'minimal.options'), deployOptions());
  const javaArgs = deployedJava(scratch);
  const minimal = (mode) => ({
    name: MODES[mode], command: 'java', path: '/files/', headers: {},
    args: (port, data) => ['@' + join(scratch, 'minimal.options'), '-cp', `${jar}:${classes}`, 'MinimalTus',
      String(port), data, mode, String(buffer)],
    env: () => ({}),
    stored: storedIn(size),
  });
  const servers = [
    { name: '@tus/server', command: 'node', path: '/files/', headers: {},
      args: (port, data) => [join(here, 'tus-server.mjs'), String(port), data], env: () => ({}), stored: storedIn(size) },
    ...modes.map(minimal),
    { name: 'sermon-uploader', command: 'java', path: '/api/tus/', headers: { Authorization: 'Bearer ' + TOKEN },
      args: () => javaArgs,
      env: (port, data) => ({ PORT: String(port), BIND_ADDRESS: '127.0.0.1', DATA_DIR: data, UPLOAD_TOKEN: TOKEN,
        DISK_RESERVE: '0', MAX_UPLOAD_SIZE: '16G' }),
      stored: (data) => join(data, 'sermons', 'sermon.wav') },
  ];
  const port = 18000 + Math.floor(Math.random() * 1000);
  const figures = new Map(servers.map((s) => [s.name, []]));
  for (let i = 0; i < runs; i++) {
    // Each round starts one server later, so no server always follows the same one.
    for (let j = 0; j < servers.length; j++) {
      const server = servers[(i + j) % servers.length];
      const f = await measureUpload(server, wav, sha, port, join(scratch, 'data'));
      figures.get(server.name).push(f);
      console.log(`run ${i + 1}/${runs} ${server.name}: ${f.seconds.toFixed(2)} s, cpu ${f.cpu.toFixed(2)} s,`
        + ` peak ${f.peakRss.toFixed(1)} MiB, idle ${f.idleRss.toFixed(1)} MiB`);
    }
  }
  rmSync(scratch, { recursive: true, force: true });
  report(size, runs, buffer, modes, servers.map((s) => s.name), figures);
}

function report(size, runs, buffer, modes, names, figures) {
  const m = (name, key) => median(figures.get(name).map((f) => f[key]));
  const peer = names[0];
  const rows = names.map((name) => [name, m(name, 'seconds').toFixed(2),
    `${(m(peer, 'seconds') / m(name, 'seconds')).toFixed(2)}×`, m(name, 'cpu').toFixed(2),
    m(name, 'peakRss').toFixed(1), `${(m(name, 'peakRss') / m(peer, 'peakRss')).toFixed(2)}×`,
    m(name, 'idleRss').toFixed(1)]);
  const table = [`| median of ${runs} runs | upload (s) | speed ÷ @tus/server's | server CPU (s) | peak RSS (MiB)`
    + ' | ÷ @tus/server\'s | idle RSS (MiB) |', '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => '| ' + r.join(' | ') + ' |')].join('\n');
  const javaVersion = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0];
  const section = [
    '<!-- upload-floor:start -->',
    '### The upload floor: what a minimal JVM tus server does here (#23)',
    '',
    `${size / MiB} MiB WAV, tus-js-client with 8 MiB chunks; ${runs} rounds, each server in turn on a fresh process and`,
    `data directory; ${cpus().length}-vCPU machine (${cpuModel()}), ${javaVersion}, Node ${process.version}. "jetty bare"`,
    '(`MinimalTus.java`) is Jetty 12 with the deploy unit\'s JVM flags (no AppCDS archive of its own), writing each',
    `request chunk to the file as it comes, read without blocking a thread (request buffer ${buffer} bytes);`,
    '"jetty + promise" adds SHA-256, a background fdatasync every MiB and a last one before each answer, as the',
    'service does; the sermon uploader runs as installed. "blocking reads" and "InputStream" are "jetty + promise"',
    'reading the body on a blocked thread, from Jetty\'s buffers and through `Content.Source.asInputStream` into an',
    'array (`MinimalTus.java`). Every stored file is checked by SHA-256.',
    `Command: \`benchmarks/uploader/run.sh --floor --size=${size / MiB}M --runs=${runs} --buffer=${buffer}`
      + ` --modes=${modes.join(',')}\``
      + ` (${new Date().toISOString().slice(0, 10)}).`,
    '',
    table,
    '<!-- upload-floor:end -->',
  ].join('\n');
  console.log('\n' + table);
  writeResults('upload-floor', section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
