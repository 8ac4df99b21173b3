import { RefreshScheduler } from './refresh-scheduler';

describe('RefreshScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs every intervalMs once started, and stops leaving no timer', () => {
    let runs = 0;
    const scheduler = new RefreshScheduler(100, () => runs++);
    jest.advanceTimersByTime(1_000);
    expect(runs).toBe(0);
    scheduler.start();
    scheduler.start();
    jest.advanceTimersByTime(1_000);
    expect(runs).toBe(10);
    scheduler.soon();
    scheduler.stop();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1_000);
    expect(runs).toBe(10);
  });

  it('folds every soon() before the next animation frame into one run, and ignores it while stopped', () => {
    let runs = 0;
    const scheduler = new RefreshScheduler(10_000, () => runs++);
    scheduler.soon();
    jest.advanceTimersByTime(100);
    expect(runs).toBe(0);
    scheduler.start();
    for (let i = 0; i < 1_000; i++) scheduler.soon();
    expect(runs).toBe(0);
    jest.advanceTimersByTime(17);
    expect(runs).toBe(1);
    scheduler.soon();
    jest.advanceTimersByTime(17);
    expect(runs).toBe(2);
    scheduler.stop();
  });
});
