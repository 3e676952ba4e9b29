/** One HTTP request to a twinrtm agent, as the remote board and its rt-app launcher make them. */

/** One request to the agent; a non-2xx answer throws with the agent's {error} text. */
export async function callAgent(
  url: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url + path, {
    method,
    headers,
    signal,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const fail = (reason: string) =>
    Object.assign(new Error(`${method} ${path}: ${res.status} ${reason}`), { status: res.status });
  if (!res.ok) {
    let reason = text.slice(0, 200);
    try {
      reason = String((JSON.parse(text) as { error?: unknown }).error ?? reason);
    } catch {
      // Not the agent's JSON (a proxy's page, say): the start of the text is the best there is.
    }
    throw fail(reason);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail('answer is not JSON');
  }
}
