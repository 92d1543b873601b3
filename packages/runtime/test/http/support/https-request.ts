import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

/** Status, headers and body of a response. */
export interface HttpsResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Sends a GET over HTTPS trusting only `ca`. Node's fetch takes no CA option without the undici
 * package, so the TLS tests use node:https.
 */
export function httpsGet(url: string, ca: string): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
