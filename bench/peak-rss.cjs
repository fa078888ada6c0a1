// Preloaded into the child processes the benchmarks time (`node --require bench/peak-rss.cjs ...`): on exit, writes
// the process's peak resident set size in bytes to the file named by BENCH_PEAK_RSS_FILE. getrusage's maxRSS counts
// every thread of the process (worker threads included), which /usr/bin/time would too, without depending on it.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_RSS_FILE;
// Not inherited by processes this one starts: their exits would overwrite the figure.
delete process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
