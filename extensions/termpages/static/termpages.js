// termpages: small behaviours on top of pages that work without script.
//  1. Open the FAQ answer a link points at (#question-anchor).
//  2. Term previews (WAI-ARIA tooltip pattern): a term link's card shows on
//     hover and keyboard focus, and hides on mouse-out, blur and Escape.
//     Focus never moves into the card; the pointer may move onto it. On touch
//     screens the first tap shows the card and the second follows the link.
(function () {
  "use strict";

  function openTargetedAnswer() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
  }

  var SHOW_DELAY = 120;
  var HIDE_DELAY = 250;
  var shown = null; // {link, card}
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = "mouse";
  var previewedBeforeTap = null;

  function cardFor(link) {
    var id = link.getAttribute("aria-describedby");
    return id ? document.getElementById(id) : null;
  }

  function place(link, card) {
    var gap = 8;
    var box = link.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var left = Math.max(gap, Math.min(box.left, viewportWidth - card.offsetWidth - gap));
    var top = box.bottom + gap;
    if (top + card.offsetHeight > window.innerHeight && box.top > card.offsetHeight + gap) {
      top = box.top - card.offsetHeight - gap; // no room below: open upwards
    }
    card.style.left = left + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    var card = cardFor(link);
    if (!card) return;
    if (shown && shown.card !== card) hide();
    shown = { link: link, card: card };
    card.hidden = false;
    place(link, card);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (shown) shown.card.hidden = true;
    shown = null;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function setUpPreviews() {
    var container = document.querySelector(".termpages-previews");
    if (!container) return;
    document.body.appendChild(container); // cards are placed in page coordinates

    document.querySelectorAll("a.termpages-term[aria-describedby]").forEach(function (link) {
      link.addEventListener("mouseenter", function () {
        if (lastPointer !== "mouse") return;
        clearTimeout(hideTimer);
        showTimer = setTimeout(function () { show(link); }, SHOW_DELAY);
      });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
      link.addEventListener("click", function (event) {
        // touch has no hover: the first tap previews, a second tap on the same link follows it
        // (a tap also focuses the link, so judge by what was shown before the tap began)
        if (lastPointer === "touch" && previewedBeforeTap !== link) {
          event.preventDefault();
          show(link);
        }
      });
    });

    container.querySelectorAll(".termpages-preview").forEach(function (card) {
      card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      card.addEventListener("mouseleave", hideSoon);
    });

    document.addEventListener("pointerdown", function (event) {
      lastPointer = event.pointerType || "mouse";
      previewedBeforeTap = shown ? shown.link : null;
      if (shown && !shown.card.contains(event.target) && !shown.link.contains(event.target)) hide();
    }, true);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shown) hide(); // focus stays on the link
    });
    window.addEventListener("resize", hide);
  }

  window.addEventListener("hashchange", openTargetedAnswer);
  function start() {
    openTargetedAnswer();
    setUpPreviews();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
