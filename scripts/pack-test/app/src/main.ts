import { AsyncPipe } from '@angular/common';
import { Component, inject, Injectable, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { CacheHubService, CacheNamespace, provideCacheHub, withEntity } from 'ngx-cache-hub';
import { CacheHubDevtoolsComponent } from 'ngx-cache-hub/devtools';
import { MemoryQueueStorage, permanentError } from 'ngx-cache-hub/offline';
import { parseServerFrame } from 'ngx-cache-hub/realtime';
import { of } from 'rxjs';

interface Customer {
  id: number;
  name: string;
  version: number;
}

@CacheNamespace('customers')
@Injectable({ providedIn: 'root' })
class CustomersService {
  private readonly hub = inject(CacheHubService);

  customer$(id: number) {
    return this.hub.fetch<Customer>(`detail-${id}`, () => of({ id, name: 'Ada', version: 1 }));
  }
}

@CacheNamespace('orders')
@Injectable({ providedIn: 'root' })
class OrdersService {
  constructor(private readonly hub: CacheHubService) {}

  save(id: number) {
    this.hub.set(`detail-${id}`, { id, version: 1 });
  }
}

@Component({
  selector: 'app-root',
  imports: [AsyncPipe, CacheHubDevtoolsComponent],
  template: `
    <p id="name">{{ (customer$ | async)?.name }}</p>
    <p id="keys">{{ keys() }}</p>
    <p id="version">{{ (customer$ | async)?.version }}</p>
    <p id="entry-points">{{ entryPoints }}</p>
    <cache-hub-devtools [open]="true" />
  `,
})
class App {
  private readonly hub = inject(CacheHubService);
  readonly customer$ = inject(CustomersService).customer$(1);
  /** One export of each secondary entry point, used for real. */
  readonly entryPoints = [
    parseServerFrame('{"type":"PING"}').type,
    permanentError({ message: 'gone', status: 410 }).status,
    new MemoryQueueStorage() instanceof MemoryQueueStorage,
  ].join(' ');

  constructor() {
    inject(OrdersService).save(7);
    setTimeout(() => this.hub.entities.applyUpdate({ entityType: 'customers', entityId: 1, changes: { name: 'Ada Lovelace' }, version: 2 }), 50);
  }

  keys() {
    return this.hub.keys().sort().join(',');
  }
}

bootstrapApplication(App, {
  providers: [provideZonelessChangeDetection(), provideCacheHub({ maxEntries: 100 }, withEntity('customers'))],
}).catch((error) => console.error(error));
