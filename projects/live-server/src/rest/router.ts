import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error';

/** What a route handler sees of a request. */
export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  /** Path parameters, e.g. `{ id: 'p-1' }` for `/api/products/:id`. */
  params: Record<string, string>;
  /** The authenticated user, or null. */
  userId: string | null;
  /** Reads the JSON body (undefined when empty). */
  body(): Promise<unknown>;
}

/** A route's answer; a string body is sent as already-serialized JSON. */
export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * The seq (in the current epoch) the answer reflects, sent as `X-Stream-Position`. When
   * absent: the head when a synchronous handler returned, else the head when the answer is sent.
   */
  seq?: number;
}

/** A route handler. */
export type RouteHandler = (ctx: RequestContext) => RouteResult | Promise<RouteResult>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/** The handler and path parameters matched for a request. */
export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

/** A minimal method + path router with `:name` parameters. */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route, e.g. `add('GET', '/api/products/:id', handler)`. */
  add(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  /** The route for this method and path; throws 404 when no path matches, 405 when only the method differs. */
  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => (params[name] = decodeSegment(found[index + 1])));
      return { handler: route.handler, params };
    }
    if (allowed.length > 0) throw new HttpError(405, `method ${method} is not allowed here`, { Allow: [...allowed, 'OPTIONS'].join(', ') });
    throw new HttpError(404, `no route for ${method} ${path}`);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path');
  }
}
