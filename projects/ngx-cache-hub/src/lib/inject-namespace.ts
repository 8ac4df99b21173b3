import { assertInInjectionContext, inject, Injector } from '@angular/core';
import { CacheHubService } from './cache-hub.service';
import type { NamespacedCacheService } from './namespaced-cache.service';

/** Options of `injectNamespace`. */
export interface InjectNamespaceOptions {
  /** Injector to read `CacheHubService` from; required outside an injection context. Default: the current one. */
  injector?: Injector;
}

/**
 * The app's cache seen from one namespace, typed as what it is: keys and patterns are relative
 * (`detail-42` is `customers:detail-42`) and absolute ones throw NCH106. Call in an injection
 * context (a field initializer) or pass `injector`.
 *
 * @example
 * export class CustomersService {
 *   private readonly customers = injectNamespace('customers');
 *   customer$(id: string) { return this.customers.fetchState(`detail-${id}`, () => this.http.get<Customer>(`/api/customers/${id}`)); }
 * }
 */
export function injectNamespace(namespace: string, options: InjectNamespaceOptions = {}): NamespacedCacheService {
  if (!options.injector) assertInInjectionContext(injectNamespace);
  return (options.injector ?? inject(Injector)).get(CacheHubService).namespace(namespace);
}
