// The embedding snippet's first half, as a file (the demo page's CSP allows no
// inline script): settings, and the Relais queue that the loader replays.
window.relaisSettings = { position: 'bottom-right', color: '#1d4f91' };
window.Relais = window.Relais || function () { (window.Relais.q = window.Relais.q || []).push(arguments); };
