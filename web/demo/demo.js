// Demo host page behaviour: a small single-page app (history.pushState between
// "Passports" and "Benefits"), a button that opens the chat through the public
// API, and a log of the relais:* events the page receives. Loaded as a file so
// that the page's strict CSP (script-src 'self') allows it.
(function () {
  var views = document.querySelectorAll('[data-view]');
  var links = document.querySelectorAll('[data-nav]');

  function show(name) {
    views.forEach(function (view) { view.hidden = view.getAttribute('data-view') !== name; });
    links.forEach(function (link) {
      if (link.getAttribute('data-nav') === name) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    });
  }

  links.forEach(function (link) {
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var name = link.getAttribute('data-nav');
      history.pushState({ view: name }, '', link.getAttribute('href'));
      show(name);
      var heading = document.querySelector('[data-view="' + name + '"] h1');
      if (heading) heading.focus();
    });
  });
  window.addEventListener('popstate', function (event) {
    show((event.state && event.state.view) || 'passports');
  });
  show(location.hash === '#benefits' ? 'benefits' : 'passports');

  document.querySelectorAll('[data-open-chat]').forEach(function (button) {
    button.addEventListener('click', function () { window.Relais('open'); });
  });

  var log = document.querySelector('[data-event-log]');
  ['ready', 'open', 'close', 'handoff', 'message'].forEach(function (name) {
    document.addEventListener('relais:' + name, function (event) {
      if (!log) return;
      var item = document.createElement('li');
      var detail = event.detail || {};
      var summary = name === 'handoff' ? ' reason=' + detail.reason + ' queue=' + detail.queue
        : name === 'message' ? ' ' + detail.author + ' ' + detail.kind + (detail.entry ? ' ' + detail.entry : '') : '';
      item.textContent = 'relais:' + name + summary;
      log.appendChild(item);
    });
  });
})();
