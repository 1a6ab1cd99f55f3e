// Show a survey question only when the answer it depends on is given.
// Without this file every question is shown, with a note saying when to answer it.
(function () {
  "use strict";

  function currentValues(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      // Any of the values shows the question: a JSON list such as ["13-15", "16-18"].
      var wanted = JSON.parse(block.getAttribute("data-show-if-values"));
      var controller = form.querySelector('[data-question="' + block.getAttribute("data-show-if") + '"]');
      var shown = currentValues(form, block.getAttribute("data-show-if")).some(function (value) {
        return wanted.indexOf(value) !== -1;
      });
      if (controller && controller.hidden) shown = false;
      block.hidden = !shown;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-survey-form]").forEach(function (form) {
      form.querySelectorAll("[data-condition-note]").forEach(function (note) { note.hidden = true; });
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
