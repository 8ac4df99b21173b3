import { Injectable, signal } from '@angular/core';

/** The demo's two users and their bearer tokens (the reference server knows them). */
export const DEMO_USERS = { alice: 'demo-alice', bob: 'demo-bob' } as const;
export type DemoUser = keyof typeof DEMO_USERS;

/** Who is signed in; `?user=bob` in the URL picks the user. */
@Injectable({ providedIn: 'root' })
export class SessionService {
  readonly user = signal<DemoUser>(new URLSearchParams(globalThis.location?.search ?? '').get('user') === 'bob' ? 'bob' : 'alice');

  token(): string {
    return DEMO_USERS[this.user()];
  }
}
