/**
 * Holds Node's process warnings back while some work runs. Loading a file in the wrong module
 * system makes Node warn on stderr besides throwing, and a refusal must stay one line. Node warns
 * two ways: `process.emitWarning` (the 'warning' event on a later tick) and, inside the module
 * loaders, the 'warning' event at once; both are held. Held warnings are replayed when the work
 * succeeds and dropped when it fails (the caller's error says it all).
 */
export async function withWarningsHeld<T>(work: () => Promise<T>): Promise<T> {
  const held: (() => void)[] = [];
  const emitWarning = process.emitWarning;
  const listeners = process.listeners('warning');
  const hold = (warning: Error): void => void held.push(() => process.emit('warning', warning));
  process.emitWarning = ((...args: Parameters<typeof process.emitWarning>) =>
    void held.push(() => emitWarning.apply(process, args))) as typeof process.emitWarning;
  process.removeAllListeners('warning');
  process.on('warning', hold);
  let result: T;
  try {
    result = await work();
  } finally {
    process.emitWarning = emitWarning;
    process.removeListener('warning', hold);
    for (const listener of listeners) process.on('warning', listener);
  }
  for (const replay of held) replay();
  return result;
}
