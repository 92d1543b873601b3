import { sessionIdOf } from './session-cookie.js';
import { testPassword } from './test-apps.js';

/** Sends a request to a test app, with the session cookie when one is given. */
export function request(
  url: string,
  options: {
    readonly method?: string;
    readonly sessionId?: string | undefined;
    readonly headers?: Record<string, string>;
    readonly body?: unknown;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.sessionId !== undefined) {
    headers['cookie'] = `hspec.sid=${options.sessionId}`;
  }
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  return fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
}

/** Logs in as `username` with the test password and returns the new session id. */
export async function logIn(
  baseUrl: string,
  username: string,
  sessionId?: string,
): Promise<string> {
  const response = await request(`${baseUrl}/login`, {
    method: 'POST',
    sessionId,
    body: { username, password: testPassword },
  });
  if (response.status !== 204) {
    throw new Error(`login of ${username} failed with status ${response.status}`);
  }
  return sessionIdOf(response);
}

/** Returns the status of `GET /whoami` with the given session id. */
export async function whoamiStatus(baseUrl: string, sessionId: string): Promise<number> {
  const response = await request(`${baseUrl}/whoami`, { sessionId });
  await response.arrayBuffer();
  return response.status;
}
