export { UpdateBatcher } from './update-batcher';
export { resolveBatchingOptions } from './batching-options';
export { timerScheduler } from './timer-scheduler';
export { frameScheduler } from './frame-scheduler';
export { CoalescedUpdate } from './coalesced-update';
export { planFlush } from './flush-plan';

export type { BatchingOptions, ResolvedBatchingOptions } from './batching-options';
export type { BatchScheduler } from './batch-scheduler';
export type { FrameSchedulerOptions } from './frame-scheduler';
export type { BatcherStats } from './batcher-stats';
export type { FlushPlan, FlushStep } from './flush-plan';
