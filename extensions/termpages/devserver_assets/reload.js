// Live reload for `python -m termpages serve` (devserver.py). The server adds this script
// to the HTML pages it sends, never to the built files, so the published site does not load it.
// It listens to the server's Server-Sent Events, next to this file. After each build the
// server names the output files that changed (pages rewritten, or whose problems changed);
// the page reloads only when it is one of them, or when told "reload" (every page). When the
// server restarts, the stream reconnects and the page reloads, since it was probably rebuilt
// meanwhile.
(function () {
  "use strict";

  var script = document.currentScript;
  var page = script.getAttribute("data-page");
  var events = new EventSource(new URL("events", script.src));
  var lostConnection = false;

  events.addEventListener("message", function (event) {
    if (event.data === "reload") {
      location.reload();
      return;
    }
    var pages = JSON.parse(event.data).pages || [];
    if (pages.indexOf(page) !== -1) location.reload();
  });
  events.addEventListener("error", function () {
    lostConnection = true;
  });
  events.addEventListener("open", function () {
    if (lostConnection) location.reload();
  });
})();
