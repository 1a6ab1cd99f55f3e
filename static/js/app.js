// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Move focus to a form's error summary so screen readers announce it.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  // Print buttons are hidden until this file runs: without it the browser's own print menu is the way.
  function showPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); showPrintButtons(); });
  // A URL fragment (e.g. #main after the skip link) moves focus on load; the summary must win.
  window.addEventListener("load", function () { focusErrorSummary(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.detail.target); });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // A polled list (data-poll-unless-chosen) waits while someone has ticked posts in it, so the choice is not lost.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (element.hasAttribute && element.hasAttribute("data-poll-unless-chosen") &&
        event.detail.requestConfig && event.detail.requestConfig.verb === "get" &&
        element.querySelector("input[type=checkbox]:checked")) {
      event.preventDefault();
    }
  });

  // A form sent over a bad connection keeps its text (htmx swaps nothing) and says so (data-keep-on-error).
  function showSendError(event, shown) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-keep-on-error]");
    var note = form && form.querySelector("[data-send-error]");
    if (note) note.hidden = !shown;
  }
  document.addEventListener("htmx:sendError", function (event) { showSendError(event, true); });
  document.addEventListener("htmx:timeout", function (event) { showSendError(event, true); });
  document.addEventListener("htmx:responseError", function (event) { showSendError(event, true); });

  // "Choose all the answers shown": hidden without this file, where each answer is ticked by hand.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-all]").forEach(function (field) { field.hidden = false; });
  });
  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("[data-select-all-box]")) return;
    var scope = event.target.closest("[data-select-all-scope]");
    if (!scope) return;
    scope.querySelectorAll("input[type=checkbox][name=answer]").forEach(function (box) { box.checked = event.target.checked; });
  });

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);
})();
