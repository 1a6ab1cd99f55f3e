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

  // Ask before destructive actions (forms marked data-confirm).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);
})();
