// The postMessage vocabulary between the loader (host page) and the widget app
// (iframe on the Relais origin). One definition, imported by both bundles.
//
// Every message is a plain object {relais: kChannelVersion, type, ...}. Senders
// always name the target origin; receivers check event.origin and event.source
// (see isFromWindow) before reading anything else. Plain string constants (not
// objects) so that the loader's minified bundle stays small.

export const kChannelVersion = 1;

// Host page → widget.
export const kOpen = 'open';          // the panel became visible: move focus inside
export const kClose = 'close';        // the panel was hidden (widget → host: please close it)
export const kLanguage = 'language';  // {language: a UI language code}; both directions

// Widget → host page (plus kClose and kLanguage above).
export const kReady = 'ready';  // the app is listening
export const kEvent = 'event';  // {name: 'handoff' | 'message', detail: {...}}

// The events the widget relays to the host page as `relais:<name>`.
export const kRelayedEvents = ['handoff', 'message'];
// Every public event: `relais:<name>` DOM events and Relais('on', name, fn).
export const kPublicEvents = ['ready', 'open', 'close', 'handoff', 'message'];


// A channel message of `type` with `fields`.
export function channelMessage(type, fields) {
  return { relais: kChannelVersion, type, ...fields };
}

// Whether `event` is a channel message sent by `source` from `origin`
// (callers then compare `type` with the constants above).
export function isFromWindow(event, source, origin) {
  return event.source === source && event.origin === origin && Object(event.data).relais === kChannelVersion;
}
