// Jest test environment: Node's, with the output of passing tests kept quiet.
//
// Many tests provoke failures on purpose, and the gateway logs each one (WARN/ERROR JSON lines from
// pino, Nest's console logger, console.*). While a test file runs, everything written to stdout and
// stderr is held per test; a test that fails has its lines (and those of the file's setup hooks)
// printed after it, a test that passes has them dropped. TEST_LOGS=all prints everything as it
// happens. pino writes through process.stdout once process.stdout.write has been replaced (its
// "tampered stream" rule), so its lines are held too.
const { Console } = require('node:console');
const { Writable } = require('node:stream');
const { TestEnvironment } = require('jest-environment-node');

/** Upper bound of held output per buffer; older lines are dropped first (a runaway test cannot exhaust memory). */
const MAX_HELD_CHARS = 4_000_000;

class QuietLogsEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.quiet = process.env.TEST_LOGS !== 'all';
    this.fileLog = { chunks: [], size: 0, dropped: 0 };
    this.testLog = undefined;
    this.filePrinted = false;
    this.restore = [];
  }

  async setup() {
    await super.setup();
    if (!this.quiet) return;
    for (const name of ['stdout', 'stderr']) {
      const stream = process[name];
      const original = stream.write;
      stream.write = (chunk, encoding, callback) => {
        this.hold(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') process.nextTick(done);
        return true;
      };
      this.restore.push(() => {
        stream.write = original;
      });
      if (name === 'stderr') this.print = (text) => original.call(stream, text);
    }
    const sink = new Writable({
      write: (chunk, _encoding, callback) => {
        this.hold(chunk.toString());
        callback();
      },
    });
    this.global.console = new Console({ stdout: sink, stderr: sink });
  }

  async teardown() {
    for (const undo of this.restore.splice(0)) undo();
    await super.teardown();
  }

  hold(text) {
    const log = this.testLog ?? this.fileLog;
    log.chunks.push(text);
    log.size += text.length;
    while (log.size > MAX_HELD_CHARS && log.chunks.length > 1) {
      log.size -= log.chunks.shift().length;
      log.dropped++;
    }
  }

  async handleTestEvent(event) {
    if (!this.quiet) return;
    if (event.name === 'test_start') this.testLog = { chunks: [], size: 0, dropped: 0 };
    else if (event.name === 'test_done') {
      if (event.test.errors.length) this.dump(`test "${fullName(event.test)}"`);
      this.testLog = undefined;
    } else if (event.name === 'hook_failure') this.dump(`${event.hook.type} hook`);
  }

  /** Prints the held lines of the file's hooks (once) and of the current test. */
  dump(what) {
    const logs = [this.filePrinted ? undefined : this.fileLog, this.testLog].filter(Boolean);
    this.filePrinted = true;
    const text = logs.map((l) => (l.dropped ? `[${l.dropped} earlier chunks dropped]\n` : '') + l.chunks.join('')).join('');
    if (this.testLog) this.testLog = { chunks: [], size: 0, dropped: 0 };
    if (!text) return;
    this.print(`\n──── output of the failing ${what} (${this.testPath}) ────\n${text}──── end of output ────\n`);
  }
}

function fullName(test) {
  const names = [];
  for (let t = test; t && t.name !== 'ROOT_DESCRIBE_BLOCK'; t = t.parent) names.unshift(t.name);
  return names.join(' › ');
}

module.exports = QuietLogsEnvironment;
