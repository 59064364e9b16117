// The S3 step of the upload harness: the sermon uploader sending a stored upload to S3Proxy (its outbox:
// 16 MiB parts, four at once), against the AWS SDK for JavaScript v3's managed upload with its defaults
// (5 MiB parts, four at once) sending the same file to the same S3Proxy.
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { sha256Of } from '../../edgeperf-examples/e2e/wav.mjs';
import { MiB, get, memory, sleep, start, stop, uploadJs } from './lib.mjs';

const ACCESS = 'harness-access';
const SECRET = 'harness-secret-key';
const BUCKET = 'sermons';

export const ACCESS_KEY = ACCESS;
export const SECRET_KEY = SECRET;

export async function startS3Proxy(jar, dir, port) {
  const blobs = join(dir, 'blobs');
  mkdirSync(blobs, { recursive: true });
  const properties = join(dir, 's3proxy.properties');
  writeFileSync(properties, [`s3proxy.endpoint=http://127.0.0.1:${port}`, 's3proxy.authorization=aws-v2-or-v4',
    `s3proxy.identity=${ACCESS}`, `s3proxy.credential=${SECRET}`, 'jclouds.provider=filesystem',
    `jclouds.filesystem.basedir=${blobs}`].join('\n') + '\n');
  const proc = spawn('java', ['-Xmx256m', '-jar', jar, '--properties', properties], { stdio: 'ignore' });
  for (;;) {
    if (proc.exitCode !== null) throw new Error('S3Proxy exited with ' + proc.exitCode);
    try {
      await get(`http://127.0.0.1:${port}/`);
      return { proc, blobs };
    } catch (e) {
      await sleep(50);
    }
  }
}

export async function awsSdkUpload(endpoint, wav, size, key, queueSize, bucket = BUCKET) {
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: ACCESS, secretAccessKey: SECRET },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const t0 = performance.now();
  await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(wav), ContentLength: size },
    partSize: 5 * MiB, queueSize }).done();
  client.destroy();
  return (performance.now() - t0) / 1000;
}

/** Runs the step; `javaArgs` and `env` start the sermon uploader on `port`. */
export async function measureS3({ s3proxyJar, scratch, wav, sha, size, javaArgs, env, port, token, s3: running,
  bucket = BUCKET }) {
  const s3port = port + 1;
  const s3 = running || await startS3Proxy(s3proxyJar, join(scratch, 's3'), s3port);
  const endpoint = running ? running.endpoint : `http://127.0.0.1:${s3port}`;
  const base = `http://127.0.0.1:${port}`;
  const r = {};
  try {
    const ours = await start('java', javaArgs, { ...env, S3_ENDPOINT: endpoint, S3_ACCESS_KEY: ACCESS,
      S3_SECRET_KEY: SECRET, S3_BUCKET: bucket }, base);
    await sleep(2000);
    r.idleRss = memory(ours.proc.pid).rss;
    await sleep(8000); // settled: start-up's compilations done, nothing asked of it
    r.settledRss = memory(ours.proc.pid).rss;
    await uploadJs(base + '/api/tus/', wav, { Authorization: 'Bearer ' + token });
    const t0 = performance.now();
    for (;;) {
      const outbox = (await (await fetch(base + '/api/health/detailed', { headers: { Authorization: 'Bearer ' + token } })).json()).storage.outbox;
      if (outbox.files === 0 && outbox.shipping === null) break;
      if (outbox.state !== 'ok') throw new Error('the outbox failed: ' + outbox.last_error);
      await sleep(20);
    }
    r.shipSeconds = (performance.now() - t0) / 1000;
    r.peakRss = memory(ours.proc.pid).hwm;
    await stop(ours.proc);
    if (await sha256Of(join(s3.blobs, bucket, 'sermons', 'sermon.wav')) !== sha) throw new Error('the bucket holds other bytes');

    r.peerFourSeconds = await awsSdkUpload(endpoint, wav, size, `peer/four-${size}.wav`, 4, bucket);
    if (await sha256Of(join(s3.blobs, bucket, 'peer', `four-${size}.wav`)) !== sha) throw new Error('the AWS SDK stored other bytes');
  } finally {
    if (!running) await stop(s3.proc);
  }
  return r;
}
