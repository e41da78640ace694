// Preloaded into the soaked server by bench/soak.ts: answers its 'memory' message with
// process.memoryUsage(), so the soak sees where the resident memory is (V8 heap, external
// buffers) and not only its total. The channel does not keep the server alive.
process.on('message', (message) => {
  if (message === 'memory') process.send?.(process.memoryUsage());
});
process.channel?.unref();
