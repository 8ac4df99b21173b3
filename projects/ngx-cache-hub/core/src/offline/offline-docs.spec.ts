import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { FakeServer } from './testing-internal/fake-server';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { startQueue } from './testing-internal/queue-test-kit';

const ROOT = resolve(__dirname, '../../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every `<code> satisfies CacheHubErrorCode.<Name>` in the entry point's sources (not its specs). */
function thrownCodes(): { file: string; code: number; name: string }[] {
  const folder = join(ROOT, 'projects/ngx-cache-hub/core/src/offline');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.includes('testing-internal'));
  return files.flatMap((file) =>
    [...readFileSync(join(folder, file), 'utf8').matchAll(/(\d{3}) satisfies CacheHubErrorCode\.(\w+)/g)].map(([, code, name]) => ({ file, code: Number(code), name })),
  );
}

describe('the offline docs agree with the code', () => {
  const codes = thrownCodes();

  it('finds the codes the offline queue raises', () => {
    expect(new Set(codes.map((c) => c.code))).toEqual(new Set([103, 104, 105, 300, 301, 302, 303, 304, 305, 306]));
  });

  it.each(codes.map((c) => [`NCH${c.code} ${c.name}`, c] as const))(
    'documents %s, with the number of its enum member, in docs/errors.md and docs/offline.md',
    (_label, { code, name }) => {
      expect(CacheHubErrorCode[name as keyof typeof CacheHubErrorCode]).toBe(code);
      expect(read('docs/errors.md')).toContain(`NCH${code} | ${name} |`);
      expect(read('docs/offline.md')).toContain(`\`${name}\` (NCH${code})`);
    },
  );

  it('names in the docs/offline.md error table only codes whose numbers match the enum', () => {
    const table = [...read('docs/offline.md').matchAll(/`(\w+)` \(NCH(\d{3})\)/g)];
    expect(table.length).toBeGreaterThan(0);
    for (const [, name, code] of table) expect([name, CacheHubErrorCode[name as keyof typeof CacheHubErrorCode]]).toEqual([name, Number(code)]);
  });

  describe('the default backoff', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => {
      jest.restoreAllMocks();
      jest.useRealTimers();
    });

    /** When the second attempt goes out with `Math.random()` returning `random`, in ms after the first failed. */
    async function firstRetryDelay(random: number): Promise<number> {
      jest.spyOn(Math, 'random').mockReturnValue(random);
      const server = new FakeServer();
      server.willFail({ kind: 'network' });
      const { queue } = startQueue({ backoff: undefined, handlers: { 'stock/update': server.handler('stock/update', { latencyMs: 0 }) } });
      await queue.enqueue({ type: 'stock/update', payload: {} });
      for (let i = 0; i < 30 && server.requests.length < 2; i++) {
        await jest.advanceTimersByTimeAsync(50);
        await flushAsyncWork(1);
      }
      queue.destroy();
      const [first, second] = server.requests.map((r) => r.at);
      return second - first;
    }

    it('waits between 50 % and 100 % of the nominal delay, as docs/offline.md says', async () => {
      expect(read('docs/offline.md')).toContain('jittered to a random point between 50 % and 100 % of it');
      expect(await firstRetryDelay(0)).toBeGreaterThanOrEqual(500);
      expect(await firstRetryDelay(0)).toBeLessThan(600);
      expect(await firstRetryDelay(0.999)).toBeGreaterThanOrEqual(1000);
      expect(await firstRetryDelay(0.999)).toBeLessThan(1100);
    });
  });
});
