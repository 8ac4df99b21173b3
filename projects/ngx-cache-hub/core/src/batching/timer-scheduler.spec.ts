import { timerScheduler } from './timer-scheduler';

describe('timerScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a callback after its delay and not when cancelled', () => {
    const scheduler = timerScheduler();
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('kept'), 50);
    const cancel = scheduler.schedule(() => ran.push('cancelled'), 50);
    cancel();
    jest.advanceTimersByTime(49);
    expect(ran).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(ran).toEqual(['kept']);
  });

  it('waits the longest delay setTimeout takes for a delay beyond it, instead of firing at once', () => {
    const callback = jest.fn();
    timerScheduler().schedule(callback, 3e9);
    jest.advanceTimersByTime(60_000);
    expect(callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(2 ** 31 - 1 - 60_000);
    expect(callback).toHaveBeenCalledTimes(1);
  });
});
