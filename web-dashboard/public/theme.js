// Applies the remembered theme before the first paint (no flash of the wrong theme). A file, not
// an inline script, so a strict Content-Security-Policy (script-src 'self') allows it.
try {
  var saved = JSON.parse(localStorage.getItem('devflow-ui') || '{}').state;
  var dark = saved && saved.theme ? saved.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  if (dark) document.documentElement.classList.add('dark');
} catch (e) {
  // no storage: the app applies the theme once it starts
}
