// A small REST client for the reference server (projects/live-server/README.md).

const TOKENS = { alice: 'demo-alice', bob: 'demo-bob' };

/** A client of the server at `baseUrl` (e.g. http://127.0.0.1:41234), optionally signed in as `user`. */
export function apiClient(baseUrl, user) {
  async function call(method, path, body, { idempotencyKey, expect = [200, 201] } = {}) {
    const headers = { accept: 'application/json' };
    if (user) headers.authorization = `Bearer ${TOKENS[user]}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(`${method} ${path} as ${user ?? 'anonymous'} failed: ${error.cause?.message ?? error.message}`);
    }
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    if (expect && !expect.includes(response.status)) {
      throw new Error(`${method} ${path} as ${user ?? 'anonymous'}: expected HTTP ${expect.join(' or ')}, got ${response.status} ${text.slice(0, 300)}`);
    }
    return json;
  }
  return {
    get: (path, options) => call('GET', path, undefined, options),
    post: (path, body = {}, options) => call('POST', path, body, options),
    patch: (path, body, options) => call('PATCH', path, body, options),
    /** Every product, by id. */
    async products() {
      const page = await call('GET', '/api/products?pageSize=50');
      return new Map(page.items.map((product) => [product.id, product]));
    },
    product: (id) => call('GET', `/api/products/${encodeURIComponent(id)}`),
    setSimRate: (rate) => call('POST', '/api/sim', { rate }),
    /** A pending order of one unit of `product`'s first variant, for the signed-in user. */
    createOrder: (product, quantity = 1) => call('POST', '/api/orders', { items: [{ productId: product.id, variantId: product.variants[0].id, quantity }] }),
    setOrderStatus: (orderId, status) => call('POST', `/api/orders/${encodeURIComponent(orderId)}/status`, { status }),
  };
}
