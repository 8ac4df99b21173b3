import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { withEntity } from 'ngx-cache-hub';
import { provideCacheHubTesting } from 'ngx-cache-hub/testing';
import { routes } from './app.routes';
import { CustomerPage } from './customer.page';
import { Customer, CustomersApi } from './customers-api';

/** A stand-in backend: answers at once, counts requests, refuses renames when told to. */
class FakeApi {
  readonly requests: string[] = [];
  refuse: ((error: Error) => void) | undefined;
  get(id: string): Promise<Customer> {
    this.requests.push(id);
    return Promise.resolve({ id: Number(id), name: id === '1' ? 'Ada' : 'Grace', version: 1, loadedOn: 'browser' });
  }
  rename(): Promise<Customer> {
    return new Promise((_, reject) => (this.refuse = reject));
  }
}

describe('CustomerPage with ngx-cache-hub/testing', () => {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideCacheHubTesting({ staleTime: 60_000 }, withEntity('customers')),
        { provide: CustomersApi, useValue: api },
      ],
    });
  });

  const text = (harness: RouterTestingHarness, selector: string) => (harness.routeNativeElement?.querySelector(selector)?.textContent ?? '').trim();

  it('re-keys on the route param and serves a fresh entry from the cache', async () => {
    const harness = await RouterTestingHarness.create('/customers/1');
    await harness.fixture.whenStable();
    const page = harness.routeDebugElement?.componentInstance;
    expect(page).toBeInstanceOf(CustomerPage);
    expect(text(harness, '#name')).toBe('Ada');

    await harness.navigateByUrl('/customers/2');
    await harness.fixture.whenStable();
    expect(harness.routeDebugElement?.componentInstance).toBe(page); // the router reused the component
    expect(text(harness, '#name')).toBe('Grace');

    await harness.navigateByUrl('/customers/1');
    await harness.fixture.whenStable();
    expect(text(harness, '#name')).toBe('Ada');
    expect(api.requests).toEqual(['1', '2']); // customer 1 came from the cache the second time
  });

  it('shows a rename at once and rolls it back when the server refuses it', async () => {
    const harness = await RouterTestingHarness.create('/customers/1');
    await harness.fixture.whenStable();
    (harness.routeNativeElement!.querySelector('#rename') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    expect(text(harness, '#name')).toBe('Ada (renamed)');
    expect(text(harness, '#rename-status')).toBe('pending');

    api.refuse!(new Error('refused'));
    await new Promise((settled) => setTimeout(settled)); // the refusal reaches the mutation a few microtasks later
    await harness.fixture.whenStable();
    expect(text(harness, '#name')).toBe('Ada');
    expect(text(harness, '#rename-error')).toBe('refused');
  });
});
