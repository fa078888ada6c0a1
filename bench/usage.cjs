// Preloaded into the child processes the benchmarks time (`node --require bench/usage.cjs ...`): on exit, writes
// what the process used, as JSON, to the file named by BENCH_USAGE_FILE:
// - peakRssBytes: getrusage's maximum resident set size, which counts every thread of the process (worker threads
//   included), as /usr/bin/time would, without depending on it;
// - cpuMs: user + system CPU time of every thread, plus that of the child processes it started and waited for
//   (codegen's compiler), from /proc/self/stat where there is one. On a machine with N cores, cpuMs / N is the
//   shortest wall time the same work could take however well it were spread.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const file = process.env.BENCH_USAGE_FILE;
// Not inherited by processes this one starts: their exits would overwrite the figures.
delete process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000 + waitedChildrenCpuMs();
    writeFileSync(file, JSON.stringify({ peakRssBytes: usage.maxRSS * 1024, cpuMs }));
  });
}

/**
 * cutime + cstime of /proc/self/stat (fields 16 and 17): CPU time of the child processes this one has waited for,
 * in clock ticks of 1/100 s (Linux's USER_HZ); 0 elsewhere.
 */
function waitedChildrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

module.exports = { waitedChildrenCpuMs };
