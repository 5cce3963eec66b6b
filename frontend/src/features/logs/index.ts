// The logs feature's public entry.
export { listMyLogs } from './api/logsApi';
export { LogEntryList } from './components/LogEntryList';
