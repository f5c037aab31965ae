// Preloaded (NODE_OPTIONS=--require) into a gateway process under test: reports on stderr every
// TCP server that starts listening, so a test can tell that no port was opened, however briefly.
// (Pipes, such as tsx's own IPC socket, are not ports and are not reported.)
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') process.stderr.write(`listen-probe: listening on ${address.address}:${address.port}\n`);
  });
  return listen.apply(this, args);
};
