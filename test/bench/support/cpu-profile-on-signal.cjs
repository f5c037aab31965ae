/**
 * Preloaded into the gateway by the profiler (node -r): the first SIGUSR2 starts the V8 CPU
 * profiler, the second stops it and writes the profile to CPU_PROFILE_OUT, so the profile holds the
 * measured load only (not boot or warm-up, which `node --cpu-prof` would include).
 */
'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.setSamplingInterval', { interval: 200 }, () =>
      session.post('Profiler.enable', () => session.post('Profiler.start', () => process.stderr.write('cpu-profile: started\n'))),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, res) => {
    if (!err) writeFileSync(process.env.CPU_PROFILE_OUT, JSON.stringify(res.profile));
    process.stderr.write(`cpu-profile: ${err ? err.message : `written to ${process.env.CPU_PROFILE_OUT}`}\n`);
  });
});
