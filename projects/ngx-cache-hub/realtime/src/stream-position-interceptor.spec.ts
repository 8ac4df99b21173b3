import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { streamPositionOf } from 'ngx-cache-hub';
import { streamPositionInterceptor } from './stream-position-interceptor';

describe('streamPositionInterceptor', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([streamPositionInterceptor])), provideHttpClientTesting()] }));

  it('notes the X-Stream-Position header on the answer body', async () => {
    const answer = firstValueFrom(TestBed.inject(HttpClient).get<object>('/api/products/p-1'));
    TestBed.inject(HttpTestingController)
      .expectOne('/api/products/p-1')
      .flush({ id: 'p-1', version: 3 }, { headers: { 'X-Stream-Position': 'k3j9:42' } });
    expect(streamPositionOf(await answer)).toEqual({ epoch: 'k3j9', seq: 42 });
  });

  it('notes nothing for an answer without the header or with a malformed one', async () => {
    const http = TestBed.inject(HttpClient);
    const controller = TestBed.inject(HttpTestingController);
    const plain = firstValueFrom(http.get<object>('/a'));
    controller.expectOne('/a').flush({ id: 1 });
    const malformed = firstValueFrom(http.get<object>('/b'));
    controller.expectOne('/b').flush({ id: 2 }, { headers: { 'X-Stream-Position': 'nonsense' } });
    expect(streamPositionOf(await plain)).toBeUndefined();
    expect(streamPositionOf(await malformed)).toBeUndefined();
  });
});
