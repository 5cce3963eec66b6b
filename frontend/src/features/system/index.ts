// The system feature's public entry.
export { getHealth } from './api/systemApi';
export { HealthChecks } from './components/HealthChecks';
