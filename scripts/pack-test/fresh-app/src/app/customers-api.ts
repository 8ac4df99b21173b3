import { isPlatformServer } from '@angular/common';
import { inject, Injectable, PLATFORM_ID } from '@angular/core';

export interface Customer {
  id: number;
  name: string;
  version: number;
  /** Where the answer was produced: 'server' (the prerender) or 'browser'. */
  loadedOn: 'server' | 'browser';
}

/** What the browser test reads and drives (window.customersApi). */
export interface CustomersApiProbe {
  /** The ids fetched in this page, in order. */
  readonly requests: string[];
  /** Refuses every rename in flight. */
  refuseRenames(): void;
}

const NAMES: Record<string, string> = { '1': 'Ada Lovelace', '2': 'Grace Hopper' };

/**
 * The app's backend, as Promises (no HttpClient): a customer answers after 20 ms, a rename waits
 * until the browser test refuses it. Counts its requests where the test can read them.
 */
@Injectable({ providedIn: 'root' })
export class CustomersApi {
  private readonly loadedOn = isPlatformServer(inject(PLATFORM_ID)) ? 'server' : 'browser';
  private readonly pendingRenames: (() => void)[] = [];
  readonly probe: CustomersApiProbe = {
    requests: [],
    refuseRenames: () => this.pendingRenames.splice(0).forEach((refuse) => refuse()),
  };

  constructor() {
    if (this.loadedOn === 'browser') (globalThis as { customersApi?: CustomersApiProbe }).customersApi = this.probe;
  }

  get(id: string): Promise<Customer> {
    this.probe.requests.push(id);
    return new Promise((resolve, reject) =>
      setTimeout(() => (NAMES[id] ? resolve({ id: Number(id), name: NAMES[id], version: 1, loadedOn: this.loadedOn }) : reject(new Error(`No customer ${id}`))), 20),
    );
  }

  rename(id: string, name: string): Promise<Customer> {
    return new Promise((_, reject) => this.pendingRenames.push(() => reject(new Error(`The server refused to rename customer ${id} to ${name}`))));
  }
}
