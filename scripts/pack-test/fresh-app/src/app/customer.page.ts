import { Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { cacheMutation, cacheResource, injectNamespace } from 'ngx-cache-hub';
import { Customer, CustomersApi } from './customers-api';

@Component({
  selector: 'app-customer',
  imports: [RouterLink],
  template: `
    <nav>
      <a id="link-1" routerLink="/customers/1">Customer 1</a>
      <a id="link-2" routerLink="/customers/2">Customer 2</a>
    </nav>
    @if (customer.hasValue()) {
      <h1 id="name">{{ customer.value().name }}</h1>
      <p id="loaded-on">{{ customer.value().loadedOn }}</p>
      <button id="rename" (click)="rename.mutate({ id: id(), name: customer.value().name + ' (renamed)' })" [disabled]="rename.isPending()">Rename</button>
    } @else if (customer.status() === 'error') {
      <p id="load-error" role="alert">{{ customer.error()?.message }}</p>
    } @else {
      <p id="loading">Loading...</p>
    }
    <p id="rename-status">{{ rename.status() }}</p>
    @if (rename.status() === 'error') {
      <p id="rename-error" role="alert">{{ renameError() }}</p>
    }
  `,
})
export class CustomerPage {
  private readonly api = inject(CustomersApi);
  private readonly customers = injectNamespace('customers');
  /** The route param, bound by withComponentInputBinding(); the router reuses this component from /customers/1 to /customers/2. */
  readonly id = input.required<string>();

  readonly customer = cacheResource(
    () => {
      const id = this.id();
      return { key: `detail-${id}`, source: () => this.api.get(id) };
    },
    { cache: this.customers },
  );

  readonly rename = cacheMutation({
    cache: this.customers,
    mutationFn: ({ id, name }: { id: string; name: string }) => this.api.rename(id, name),
    optimistic: ({ id, name }) => [{ key: `detail-${id}`, update: (c?: Customer) => c && { ...c, name } }],
  });

  readonly renameError = computed(() => (this.rename.error() as Error | undefined)?.message);
}
