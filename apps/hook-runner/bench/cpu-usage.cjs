'use strict';
// Preloaded into a benched hook process (`node --require`): at exit, writes the process's CPU
// time (user + system, microseconds) to TIER1_BENCH_CPU_FILE. Wall time on a machine shared with
// other builds swings by several times; the CPU time a call spends swings far less.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.TIER1_BENCH_CPU_FILE, String(user + system));
});
