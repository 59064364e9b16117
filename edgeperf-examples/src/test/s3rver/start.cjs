// Starts s3rver on 127.0.0.1 and prints "listening PORT" once it accepts connections.
// Usage: node start.cjs DATA_DIR PORT (0 for a free port). Keys: S3RVER / S3RVER, as s3rver defines them.
const S3rver = require('@20minutes/s3rver');

const [directory, port] = process.argv.slice(2);
new S3rver({ directory, port: Number(port), address: '127.0.0.1', silent: true })
  .run()
  .then((address) => console.log(`listening ${address.port}`))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
