// Quick entry of insights: Ctrl+Enter saves, and focus returns to the text field after a save.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-quick-entry-text]")) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var root = document.getElementById("quick-entry");
    if (!root || !root.hasAttribute("data-saved")) return;
    var field = root.querySelector("[data-quick-entry-text]");
    if (field) field.focus();
  });
})();
