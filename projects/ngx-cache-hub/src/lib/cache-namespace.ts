import { CacheHubService } from './cache-hub.service';
import { ɵassertValidNamespace as assertValidNamespace } from 'ngx-cache-hub/core';

const NAMESPACE = Symbol('ngx-cache-hub.namespace');

/**
 * Makes a service's hub calls take keys relative to `namespace`: a field or constructor parameter
 * holding `CacheHubService` is replaced by `hub.namespace(namespace)` as it is assigned, so
 * `this.hub.get('detail-42')` reads `customers:detail-42`. The function form,
 * `inject(CacheHubService).namespace('customers')`, behaves the same.
 *
 * Fields are seen as they are assigned (Angular CLI compiles with `useDefineForClassFields: false`);
 * where a build defines fields instead, they are rebound before the first method call.
 *
 * @example
 * @CacheNamespace('customers')
 * @Injectable({ providedIn: 'root' })
 * export class CustomersService {
 *   private readonly hub = inject(CacheHubService);
 *   customer$(id: number) { return this.hub.fetch(`detail-${id}`, () => this.http.get(`/api/customers/${id}`)); }
 * }
 */
export function CacheNamespace(namespace: string): ClassDecorator {
  assertValidNamespace(namespace);
  return (target) => {
    const prototype = target.prototype as object;
    Object.defineProperty(target, NAMESPACE, { value: namespace });
    Object.setPrototypeOf(prototype, namespacingLayer(Object.getPrototypeOf(prototype), namespace));
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
      if (name === 'constructor' || typeof descriptor.value !== 'function') continue;
      const method = descriptor.value as (...args: unknown[]) => unknown;
      descriptor.value = function (this: object, ...args: unknown[]) {
        bindNamespace(this, namespace);
        return method.apply(this, args);
      };
      Object.defineProperty(prototype, name, descriptor);
    }
  };
}

/** The namespace a class was decorated with, if any. */
export function cacheNamespaceOf(type: object): string | undefined {
  return (type as { [NAMESPACE]?: string })[NAMESPACE];
}

/** A prototype layer whose `set` trap namespaces hubs assigned to new instance fields. */
function namespacingLayer(parent: object, namespace: string): object {
  return new Proxy(parent, {
    set: (target, property, value, receiver) => Reflect.set(target, property, scoped(value, namespace), receiver),
  });
}

const bound = new WeakSet<object>();

function bindNamespace(instance: object, namespace: string): void {
  if (bound.has(instance)) return;
  bound.add(instance);
  for (const name of Object.keys(instance)) {
    const value = (instance as Record<string, unknown>)[name];
    if (value instanceof CacheHubService) (instance as Record<string, unknown>)[name] = scoped(value, namespace);
  }
}

function scoped(value: unknown, namespace: string): unknown {
  return value instanceof CacheHubService ? value.namespace(namespace) : value;
}
