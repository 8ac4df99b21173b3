import { frameScheduler } from './frame-scheduler';

describe('frameScheduler', () => {
  const FRAME_MS = 16;
  let frames: Map<number, () => void>;
  let nextFrame: number;
  const requestFrame = (callback: () => void) => {
    frames.set(++nextFrame, callback);
    return nextFrame;
  };
  const cancelFrame = (handle: number) => frames.delete(handle);
  const paintFrame = () => {
    const due = [...frames.values()];
    frames.clear();
    due.forEach((callback) => callback());
  };
  const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);
  const frameApi = globalThis as { requestAnimationFrame?: unknown };
  let environmentFrame: unknown;

  beforeEach(() => {
    jest.useFakeTimers();
    frames = new Map();
    nextFrame = 0;
    environmentFrame = frameApi.requestAnimationFrame;
    delete frameApi.requestAnimationFrame;
  });

  afterEach(() => {
    frameApi.requestAnimationFrame = environmentFrame;
    jest.useRealTimers();
  });

  it('runs the callback at the first frame after the delay', async () => {
    const callback = jest.fn();
    frameScheduler({ requestFrame, cancelFrame }).schedule(callback, 20);
    paintFrame();
    await elapse(20);
    expect(callback).not.toHaveBeenCalled();

    paintFrame();
    expect(callback).toHaveBeenCalledTimes(1);
    await elapse(1000);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('runs the callback without a frame after frameTimeoutMs, as hidden tabs paint none', async () => {
    const callback = jest.fn();
    frameScheduler({ requestFrame, cancelFrame, frameTimeoutMs: 50 }).schedule(callback, 20);
    await elapse(20 + 49);
    expect(callback).not.toHaveBeenCalled();
    await elapse(1);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(frames.size).toBe(0);
  });

  it('cancels both the delay and the frame', async () => {
    const callback = jest.fn();
    const cancel = frameScheduler({ requestFrame, cancelFrame }).schedule(callback, 20);
    await elapse(20);
    cancel();
    paintFrame();
    await elapse(1000);
    expect(callback).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('uses timers where there is no requestAnimationFrame', async () => {
    const callback = jest.fn();
    frameScheduler().schedule(callback, FRAME_MS);
    await elapse(FRAME_MS);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('looks requestAnimationFrame up when scheduling, not when created', async () => {
    const scheduler = frameScheduler();
    frameApi.requestAnimationFrame = requestFrame;
    const callback = jest.fn();
    scheduler.schedule(callback, 0);
    await elapse(0);
    expect(frames.size).toBe(1);
    paintFrame();
    expect(callback).toHaveBeenCalledTimes(1);
  });
});
