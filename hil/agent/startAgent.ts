/**
 * Serves the board agent over HTTP: `twinrtm agent` calls this. It listens on the loopback
 * interface unless told otherwise, because the agent sets frequencies and starts processes on the
 * board, and a token alone over plain HTTP is a thin guard on an open network.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAgentApp, type AgentAppOptions } from './agentApp.js';

/** Where the agent listens when no host is given. */
export const DEFAULT_AGENT_HOST = '127.0.0.1';

/** The app's options plus where to listen. */
export interface StartAgentOptions extends AgentAppOptions {
  /** Interface to bind (default 127.0.0.1; '0.0.0.0' or '::' to serve the network). */
  host?: string;
  /** TCP port; 0 picks a free one (see the returned url). */
  port: number;
  /**
   * Longest time a client may take to send a whole request (headers and body), ms (default
   * DEFAULT_REQUEST_TIMEOUT_MS); Node answers 408 and closes the socket after it.
   */
  requestTimeoutMs?: number;
  /** Longest time a client may take to send the headers, ms (default DEFAULT_HEADERS_TIMEOUT_MS; at most requestTimeoutMs). */
  headersTimeoutMs?: number;
}

/** Node's default lets a request take 300 s to arrive; the agent's largest body is 16 kB. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** How long a request's headers may take to arrive, ms (Node's default is 60 s). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** An agent listening for requests. */
export interface RunningAgent {
  /** Base URL, e.g. http://127.0.0.1:7070 (no trailing slash). */
  readonly url: string;
  readonly server: Server;
  /** Ends the event streams, stops the watchdog and every process, restores the board, closes the server. */
  close(): Promise<void>;
}

/**
 * Starts the agent and resolves once it listens.
 *
 * @param o - the app's options, plus host and port
 * @returns its URL and close()
 * @throws when the port cannot be bound (in use, no permission); the board is restored first
 */
export async function startAgent(o: StartAgentOptions): Promise<RunningAgent> {
  const host = o.host ?? DEFAULT_AGENT_HOST;
  const agent = createAgentApp(o);
  const requestTimeout = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(o.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  // Node checks these timeouts every connectionsCheckingInterval (30 s by default): check often enough
  // that a stalled request ends close to its timeout.
  const server = createServer(
    {
      requestTimeout,
      headersTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    agent.app,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await agent.close();
    throw err;
  }
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url,
    server,
    close: () =>
      (closing ??= (async () => {
        await agent.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets of fetch clients would hold close() open until they time out.
          server.closeAllConnections();
        });
      })()),
  };
}
