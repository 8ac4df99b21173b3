import type { IncomingMessage } from 'node:http';

/** The demo bearer tokens and the users they stand for. */
export const DEMO_TOKENS: Readonly<Record<string, string>> = {
  'demo-alice': 'alice',
  'demo-bob': 'bob',
};

/** The WebSocket sub-protocol the server speaks; a client offering it may put its token in `bearer.<token>`. */
export const WS_PROTOCOL = 'ngx-cache-hub';
const BEARER_PROTOCOL = /^bearer\.(\S+)$/;

/** Who made a request: a user id, `null` for anonymous, or a refusal. */
export type AuthResult = { ok: true; userId: string | null } | { ok: false; error: string };

/**
 * Identifies the caller from `Authorization: Bearer <token>`, a `bearer.<token>` WebSocket
 * sub-protocol, or, for WebSocket and EventSource clients that cannot send headers,
 * `?token=<token>`. No token is anonymous; a token that is not known is refused (401).
 */
export function authenticate(req: IncomingMessage, url: URL, tokens: Readonly<Record<string, string>> = DEMO_TOKENS): AuthResult {
  const header = req.headers.authorization;
  let token: string | undefined;
  if (header !== undefined && header !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return { ok: false, error: 'Authorization header must be "Bearer <token>"' };
    token = match[1];
  } else {
    token = protocolToken(req) ?? (url.searchParams.get('token') || undefined);
  }
  if (token === undefined) return { ok: true, userId: null };
  const userId = Object.hasOwn(tokens, token) ? tokens[token] : undefined;
  return userId === undefined ? { ok: false, error: 'unknown or expired token' } : { ok: true, userId };
}

/** The token of a `bearer.<token>` entry of `Sec-WebSocket-Protocol`, if any. */
function protocolToken(req: IncomingMessage): string | undefined {
  for (const protocol of (req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const match = BEARER_PROTOCOL.exec(protocol.trim());
    if (match) return match[1];
  }
  return undefined;
}
