import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { LiveServer } from '../server';
import { call } from './test-http';

/** A fresh data directory per call, all under one temporary root removed after the suite. */
export function scratchDataDirs(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let dirs = 0;
  after(() => rmSync(root, { recursive: true, force: true }));
  return () => join(root, `data-${++dirs}`);
}

/** Alice orders one unit of p-2 with `key` as its Idempotency-Key. */
export function keyedOrder(server: LiveServer, key: string): ReturnType<typeof call> {
  return call(server.url, 'POST', '/api/orders', {
    token: 'demo-alice',
    body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] },
    headers: { 'Idempotency-Key': key },
  });
}
