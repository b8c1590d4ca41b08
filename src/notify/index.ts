export * from './notification';
export * from './sink';
export * from './outbox';
export { SinkQueue, type SinkQueueOptions, type SinkState, type SinkStatus } from './sinkQueue';
export { Notifier, type NotifierOptions, type NotifyPort } from './notifier';
export { logSink, notificationLine } from './consoleSinks';
