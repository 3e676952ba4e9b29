/**
 * A barrier for worker threads over a shared Int32Array: nobody starts layer i + 1 before everyone
 * has finished layer i.
 */
import { CONTROL } from './controlBlock.js';

/**
 * Blocks until `parties` threads have called barrier on the same control block.
 *
 * In plain words: each arriving thread counts itself in; the last one resets the count and bumps the
 * generation, waking the others, who were sleeping until the generation changed. Reading the
 * generation before counting in makes the barrier reusable at once (a fast thread reaching the next
 * barrier counts into the already reset count).
 *
 * Atomics operations are sequentially consistent, so every write a thread made to shared buffers
 * before the barrier is visible to every thread after it.
 *
 * @param control - the shared control block (controlBlock.ts)
 * @param parties - number of threads taking part
 */
export function barrier(control: Int32Array, parties: number): void {
  const generation = Atomics.load(control, CONTROL.barrierGeneration);
  if (Atomics.add(control, CONTROL.barrierCount, 1) === parties - 1) {
    Atomics.store(control, CONTROL.barrierCount, 0);
    Atomics.add(control, CONTROL.barrierGeneration, 1);
    Atomics.notify(control, CONTROL.barrierGeneration);
    return;
  }
  while (Atomics.load(control, CONTROL.barrierGeneration) === generation) {
    Atomics.wait(control, CONTROL.barrierGeneration, generation);
  }
}
