// Live reload for `python -m termpages serve` (devserver.py). The server adds this script
// to the HTML pages it sends, never to the built files, so the published site does not load it.
// It listens to the server's Server-Sent Events, next to this file: "reload" after each
// successful build. When the server restarts, the stream reconnects and the page reloads,
// since it was probably rebuilt meanwhile.
(function () {
  "use strict";

  var events = new EventSource(new URL("events", document.currentScript.src));
  var lostConnection = false;

  events.addEventListener("message", function (event) {
    if (event.data === "reload") location.reload();
  });
  events.addEventListener("error", function () {
    lostConnection = true;
  });
  events.addEventListener("open", function () {
    if (lostConnection) location.reload();
  });
})();
