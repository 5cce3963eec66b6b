// Runs before the app: applies the theme saved by the toggle, or the system's, to <html>.
/* global window, document */
(function () {
  let saved = null;
  try {
    saved = localStorage.getItem('gv-theme');
  } catch {
    // Storage can be blocked (strict privacy settings): follow the system then.
  }
  const dark =
    saved === 'dark' ||
    (saved !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
})();
