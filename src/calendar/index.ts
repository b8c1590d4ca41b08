export * from './ist';
export * from './calendarData';
export * from './nseCalendar';
