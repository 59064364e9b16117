// The peer: the official Node tus server (@tus/server with @tus/file-store), as the harness runs it.
// node tus-server.mjs <port> <directory>; answers GET /health with 200 so start-up is measured the same way.
import http from 'node:http';
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, directory] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  tus.handle(req, res);
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
