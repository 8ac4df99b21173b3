import { APP_ID, ApplicationRef, PLATFORM_ID, TransferState } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, of, throwError } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { provideCacheHub } from './provide-cache-hub';
import { withEntity } from './with-entity';
import { withTransferState } from './with-transfer-state';

const product = { id: 1, name: 'Lamp', version: 1 };

/** Renders "on the server": fetches from a Promise source, waits for stability, returns the serialized state. */
async function serverRender(source: () => Promise<unknown>): Promise<string> {
  TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }, provideCacheHub(withEntity('products'), withTransferState())] });
  const hub = TestBed.inject(CacheHubService);
  hub.fetch('products:detail-1', source).subscribe();
  await TestBed.inject(ApplicationRef).whenStable();
  const json = TestBed.inject(TransferState).toJson();
  TestBed.resetTestingModule();
  return json;
}

/** Boots "in the browser" with the page's transfer script in the document. */
function browserBoot(json: string, staleTime = 30_000): CacheHubService {
  const script = document.createElement('script');
  script.id = 'shop-state'; // what Angular writes into the server-rendered page of APP_ID 'shop'
  script.type = 'application/json';
  script.textContent = json;
  document.body.appendChild(script);
  TestBed.configureTestingModule({
    providers: [{ provide: APP_ID, useValue: 'shop' }, { provide: PLATFORM_ID, useValue: 'browser' }, provideCacheHub({ staleTime }, withEntity('products'), withTransferState())],
  });
  return TestBed.inject(CacheHubService);
}

describe('withTransferState', () => {
  afterEach(() => {
    TestBed.resetTestingModule();
    document.querySelectorAll('script[id$="-state"]').forEach((script) => script.remove());
  });

  it('the server waits for a Promise source and sends its answer; the browser serves it without a refetch', async () => {
    let resolve!: (value: unknown) => void;
    let stable = false;
    const rendered = serverRender(() => new Promise((r) => (resolve = r)));
    void TestBed.inject(ApplicationRef)
      .whenStable()
      .then(() => (stable = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stable).toBe(false); // the pending fetch holds SSR
    resolve(product);
    const json = await rendered;
    expect(stable).toBe(true);

    const hub = browserBoot(json);
    const source = jest.fn(() => of({ ...product, name: 'refetched' }));
    expect(await firstValueFrom(hub.fetch('products:detail-1', source))).toEqual(product);
    expect(source).not.toHaveBeenCalled();
    hub.entities.applyUpdate({ entityType: 'products', entityId: 1, changes: { name: 'Desk lamp' }, version: 2 });
    expect(hub.getValue('products:detail-1')).toEqual({ ...product, name: 'Desk lamp', version: 2 });
  });

  it('also holds stability for a fetch() source that fails after retries, then releases it', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }, provideCacheHub({ retry: 1, retryDelay: () => 10 })] });
    const hub = TestBed.inject(CacheHubService);
    const fetchFn = jest.fn(() => Promise.reject(new Error('down')));
    const errors: unknown[] = [];
    hub.fetch('products:list-{}', fetchFn).subscribe({ error: (error) => errors.push(error) });
    await TestBed.inject(ApplicationRef).whenStable();
    expect(fetchFn).toHaveBeenCalledTimes(2); // stability waited through the retry delay
    expect(errors).toHaveLength(1);
  });

  it('an Observable source that errors without a retry releases its task', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 })] });
    const hub = TestBed.inject(CacheHubService);
    hub
      .fetch(
        'a:1',
        throwError(() => new Error('x')),
      )
      .subscribe({ error: () => undefined });
    await expect(TestBed.inject(ApplicationRef).whenStable()).resolves.toBeUndefined();
  });

  it('the browser refetches once staleTime is over', async () => {
    const json = await serverRender(() => Promise.resolve(product));
    const hub = browserBoot(json, 0);
    const source = jest.fn(() => of({ ...product, name: 'refetched' }));
    hub.fetch('products:detail-1', source).subscribe();
    expect(source).toHaveBeenCalledTimes(1);
  });
});
