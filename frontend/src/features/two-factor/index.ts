// The two-factor feature's public entry: the profile page shows its settings.
export { TwoFactorSettings } from './components/TwoFactorSettings';
