// The sessions feature's public entry.
export { listMySessions } from './api/sessionsApi';
export { SessionList } from './components/SessionList';
export { describeUserAgent } from './utils/describeUserAgent';
