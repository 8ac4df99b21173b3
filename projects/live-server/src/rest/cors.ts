import type { ServerResponse } from 'node:http';

/** CORS headers sent on every response: any origin, the headers the client library sends. */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID',
  'Access-Control-Expose-Headers': 'Idempotent-Replayed, X-Stream-Position',
  'Access-Control-Max-Age': '600',
};

/** Sets the CORS headers on a response. */
export function applyCors(res: ServerResponse): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
}
