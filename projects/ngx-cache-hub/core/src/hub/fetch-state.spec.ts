import { type Observable, Subject, throwError } from 'rxjs';
import { CacheHub } from './cache-hub';
import type { CacheEntryState } from './cache-entry-state';
import { fetchState } from './fetch-state';

describe('fetchState', () => {
  it('shows a failed request in error without ending, keeps the entry observed, and shows the value of the next fetch', () => {
    const hub = new CacheHub({ retry: 0 });
    const states: CacheEntryState<number>[] = [];
    let answer: Subject<number> | undefined;
    let calls = 0;
    const source = (): Observable<number> => (++calls === 1 ? throwError(() => new Error('down')) : (answer = new Subject<number>()));
    const subscription = fetchState(hub, 'n:detail-1', source).subscribe((state) => states.push(state));

    expect(states.at(-1)).toMatchObject({ hasValue: false, isFetching: false, error: new Error('down') });
    expect(subscription.closed).toBe(false);
    expect(hub.isObserved('n:detail-1')).toBe(true);

    hub.refetch('n:detail-1');
    answer!.next(7);
    expect(states.at(-1)).toMatchObject({ value: 7, hasValue: true, error: null });
    subscription.unsubscribe();
    expect(hub.isObserved('n:detail-1')).toBe(false);
    hub.destroy();
  });
});
