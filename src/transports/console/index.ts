export { startConsole, consoleOutput, CONSOLE_USER, type ConsoleOptions, type ConsoleSession } from './startConsole';
export { renderReply, type ConsoleSink } from './renderReply';
export { textTable } from './textTable';
export { consoleNotifySink, notificationReply, CONSOLE_ADDRESS, CONSOLE_ROUTE } from './consoleNotifySink';
