// Preloaded (`node --require`) into a process a test starts: prints the process's peak resident
// memory (process.resourceUsage().maxRSS, in KiB) on stderr as it exits, for memory assertions.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
