/**
 * Server-sent events (the WHATWG `text/event-stream` format), both ends: the agent writes events
 * with formatEvent(), and RemoteBoard reads them from a fetch body with parseEventStream(). Only
 * what the agent uses is read: `event:` and `data:` fields; `id:` and `retry:` are ignored because
 * the remote board does not reconnect.
 */

/** One event as it travels: a name and its data (JSON text, for every event the agent sends). */
export interface StreamEvent {
  /** The event's name (its `event:` field). */
  event: string;
  /** Its data (its `data:` lines, joined). */
  data: string;
}

/**
 * The text of one event: `event: NAME`, one `data:` line per line of data, and the blank line that
 * ends it.
 *
 * @param event - the event's name; must not contain a line break
 * @param data - any value; it is sent as JSON
 * @returns the text to write to the stream
 */
export function formatEvent(event: string, data: unknown): string {
  if (/[\r\n]/.test(event)) throw new RangeError(`event name ${JSON.stringify(event)} has a line break`);
  // JSON.stringify never emits a raw line break, but a data field must be split on them if one ever appears.
  const lines = JSON.stringify(data).split(/\r\n|\r|\n/);
  return `event: ${event}\n${lines.map((l) => `data: ${l}`).join('\n')}\n\n`;
}

/**
 * Splits event-stream text into events as chunks arrive; keeps the unfinished tail between calls.
 * Lines may end with CRLF, LF or CR, as the format allows.
 */
export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /**
   * Feeds a chunk of text.
   *
   * @returns the events completed by this chunk, in order
   */
  push(chunk: string): StreamEvent[] {
    this.buffer += chunk;
    const out: StreamEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      // A lone CR at the end may be the first half of a CRLF: wait for the next chunk.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const done = this.line(line);
      if (done) out.push(done);
    }
    return out;
  }

  private line(line: string): StreamEvent | null {
    if (line === '') {
      // A blank line dispatches; an event without data is dropped, as a browser's EventSource does.
      const ready = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n') } : null;
      this.event = '';
      this.data = [];
      return ready;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}

/**
 * Reads events from a byte stream (a fetch response body) until it ends or is aborted.
 *
 * @param body - the response body
 * @returns the events, one at a time
 */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    // Cancels the body when the consumer stops early, so the connection is released.
    await reader.cancel().catch(() => {});
  }
}
