export { startConsole, CONSOLE_USER, type ConsoleOptions, type ConsoleSession } from './startConsole';
export { renderReply, type ConsoleSink } from './renderReply';
export { textTable } from './textTable';
