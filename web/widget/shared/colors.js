// Colour arithmetic shared by the loader and the widget: the host page picks an
// accent colour, and whatever it picks, text drawn on it or with it keeps a
// WCAG 2.1 AA contrast of at least 4.5:1.

// '#rgb' or '#rrggbb' → '#rrggbb'; anything else → the default Relais blue.
export function accentColor(value) {
  const match = /^#([0-9a-f]{3}){1,2}$/i.exec(value);
  const color = match ? value.toLowerCase() : '#1d4f91';
  return color.length === 4 ? color.replace(/[0-9a-f]/g, '$&$&') : color;
}

// Whether white text on `color` ('#rrggbb') reaches 4.5:1. (White's relative
// luminance is 1; the contrast ratio is (1 + 0.05) / (L + 0.05).)
export function whiteReadableOn(color) {
  let luminance = 0;
  for (const [i, weight] of [[1, 0.2126], [3, 0.7152], [5, 0.0722]]) {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    luminance += weight * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  }
  return 1.05 / (luminance + 0.05) >= 4.5;
}

// The accent colour, the text colour on it (white when it reaches 4.5:1,
// near-black otherwise: one of the two always does) and the colour for
// accent-coloured text on white (the accent itself when it reaches 4.5:1).
export function accentColors(value) {
  const accent = accentColor(value);
  const white = whiteReadableOn(accent);
  return { accent, onAccent: white ? '#ffffff' : '#111111', accentText: white ? accent : '#1b1b1b' };
}
