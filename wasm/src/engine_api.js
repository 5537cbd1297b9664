// The engine module's JavaScript API (contract: wasm/README.md), linked into
// relais-engine.mjs with --post-js: it runs inside the module factory, next to
// Emscripten's runtime (_malloc, HEAPU8, UTF8ToString and the exported C
// functions of engine_bindings.cc).
//
// Arguments are copied into wasm memory as UTF-8 for the duration of one call;
// the C side returns a NUL-terminated JSON string that is decoded before the
// next call can overwrite it.

var relaisEncoder = new TextEncoder();

// Calls `entry` with (pointer, length) for each of `args` (strings or byte
// arrays) and returns the JSON string it answers.
function relaisCall(entry, args) {
  var pointers = [];
  try {
    var flat = [];
    for (var i = 0; i < args.length; i++) {
      var bytes = typeof args[i] === 'string' ? relaisEncoder.encode(args[i]) : args[i];
      var pointer = _malloc(bytes.length || 1);
      pointers.push(pointer);
      HEAPU8.set(bytes, pointer);
      flat.push(pointer, bytes.length);
    }
    return UTF8ToString(entry.apply(null, flat));
  } finally {
    pointers.forEach(_free);
  }
}

// loadBundle(bytes: Uint8Array | ArrayBuffer)
Module['loadBundle'] = function (bytes) {
  return relaisCall(_relais_load_bundle, [bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)]);
};

// ask(query: string, context: string)
Module['ask'] = function (query, context) {
  return relaisCall(_relais_ask, [String(query), String(context)]);
};

// entry(id: string, language: 'fr' | 'en')
Module['entry'] = function (id, language) {
  return relaisCall(_relais_entry, [String(id), String(language)]);
};
