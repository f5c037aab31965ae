import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../platform/support/redis-server.util';
import type { TestPki } from './test-pki';

/** One message as the receiver stored it. */
export interface ReceivedMessage {
  msgid: string;
  id: string;
  requestId: string;
  body: string;
}

/**
 * Debian's rsyslogd as an ATNA audit record repository: imtcp with the GnuTLS stream driver on
 * loopback (RFC 5425), requiring a client certificate from the test CA, writing each message
 * (MSGID, structured data, message) as one line to a file. It can be stopped and started again on
 * the same port; the file keeps growing across restarts.
 */
export class RsyslogReceiver {
  private child?: ChildProcess;
  readonly file: string;
  private readonly conf: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.file = join(dir, 'received.log');
    this.conf = join(dir, 'rsyslog.conf');
  }

  static async start(dir: string, pki: TestPki): Promise<RsyslogReceiver> {
    const r = new RsyslogReceiver(dir, await freePort());
    mkdirSync(join(dir, 'work'), { recursive: true });
    writeFileSync(
      r.conf,
      [
        `global(workDirectory="${join(dir, 'work')}"`,
        `  defaultNetstreamDriver="gtls" defaultNetstreamDriverCAFile="${pki.ca}"`,
        `  defaultNetstreamDriverCertFile="${pki.serverCert}" defaultNetstreamDriverKeyFile="${pki.serverKey}")`,
        `module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid" maxSessions="50")`,
        `input(type="imtcp" address="127.0.0.1" port="${r.port}")`,
        `template(name="audit" type="string" string="%msgid% %structured-data% %msg%\\n")`,
        `action(type="omfile" file="${r.file}" template="audit" flushOnTXEnd="on" asyncWriting="off")`,
      ].join('\n'),
    );
    const check = spawnSync('rsyslogd', ['-N1', '-f', r.conf], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`rsyslog configuration refused:\n${check.stdout}${check.stderr}`);
    await r.up();
    return r;
  }

  async up(): Promise<void> {
    const deadline = Date.now() + 30_000;
    let errors = '';
    for (let start = 1; ; start++) {
      // A pid file per start: rsyslogd refuses to start over one a previous run left behind.
      const child = spawn('rsyslogd', ['-n', '-f', this.conf, '-i', join(this.dir, `rsyslogd-${start}.pid`)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
      this.child = child;
      while (child.exitCode === null && !(await accepts(this.port))) {
        if (Date.now() > deadline) throw new Error(`rsyslogd did not listen on ${this.port}:\n${errors}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (child.exitCode === null) return;
      // It exited (the port not yet free after the previous run): try again.
      if (Date.now() > deadline) throw new Error(`rsyslogd exited (${child.exitCode}):\n${errors}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** SIGTERM, as `systemctl stop rsyslog` does: it closes its connections and flushes what it read. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    this.child = undefined;
  }

  received(): ReceivedMessage[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const m = /^(\S+) \[gw-audit@32473 id="([^"]+)" requestId="([^"]*)"\] (.*)$/.exec(line);
        return m ? { msgid: m[1], id: m[2], requestId: m[3], body: m[4] } : { msgid: '', id: '', requestId: '', body: line };
      });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
