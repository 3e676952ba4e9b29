import { describe, expect, it } from 'vitest';
import { EventStreamParser, formatEvent, parseEventStream } from '../../../hil/agent/serverSentEvents.js';
import { bearerTokenMatches } from '../../../hil/agent/bearerToken.js';

describe('server-sent events', () => {
  it('should read back what formatEvent wrote', () => {
    const p = new EventStreamParser();
    expect(p.push(formatEvent('telemetry', { a: 1 }) + formatEvent('inference', [2]))).toEqual([
      { event: 'telemetry', data: '{"a":1}' },
      { event: 'inference', data: '[2]' },
    ]);
  });

  it('should join events split anywhere across chunks, CRLF included', () => {
    const text = ': comment\r\nevent: x\r\ndata: 1\r\ndata: 2\r\n\r\ndata: plain\n\n';
    const p = new EventStreamParser();
    const out = [...text].flatMap((ch) => p.push(ch));
    expect(out).toEqual([
      { event: 'x', data: '1\n2' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('should refuse an event name with a line break', () => {
    expect(() => formatEvent('a\nb', 1)).toThrow(RangeError);
  });

  it('should read events from a byte stream', async () => {
    const bytes = new TextEncoder().encode(formatEvent('t', { x: 'é' }));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        // Split inside the two-byte character: the decoder must keep it whole.
        const cut = bytes.indexOf(0xc3) + 1;
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const out = [];
    for await (const e of parseEventStream(body)) out.push(e);
    expect(out).toEqual([{ event: 't', data: '{"x":"é"}' }]);
  });
});

describe('bearerTokenMatches', () => {
  it('should accept only the exact token after Bearer', () => {
    expect(bearerTokenMatches('Bearer secret', 'secret')).toBe(true);
    expect(bearerTokenMatches('bearer secret', 'secret')).toBe(true);
    expect(bearerTokenMatches('Bearer Secret', 'secret')).toBe(false);
    expect(bearerTokenMatches('Bearer secre', 'secret')).toBe(false);
    expect(bearerTokenMatches('Bearer secrets', 'secret')).toBe(false);
    expect(bearerTokenMatches('Basic secret', 'secret')).toBe(false);
    expect(bearerTokenMatches('Bearer ', 'secret')).toBe(false);
    expect(bearerTokenMatches(undefined, 'secret')).toBe(false);
  });
});
