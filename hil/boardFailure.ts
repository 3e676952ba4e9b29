/**
 * A board that cannot go on (its DNN workload died, say): not the user's input and not a bug in
 * twinrtm, so the CLI prints the message alone and exits 1, after the board has been restored.
 */
export class BoardFailure extends Error {
  override name = 'BoardFailure';
}
