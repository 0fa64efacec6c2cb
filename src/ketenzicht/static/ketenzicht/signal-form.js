// The guided signal form, progressively enhanced. Without this script every indicator shows,
// grouped by form of exploitation, and "Nog een persoon toevoegen" sends the form back one block
// longer; with it, only the groups of the chosen forms show and a block is added in place.
(function () {
  "use strict";
  var form = document.querySelector("[data-signal-form]");
  if (!form) { return; }

  // Indicators: the general ones, and those of the chosen forms of exploitation. A group with a
  // ticked indicator stays visible, so nothing chosen is ever hidden.
  var formBoxes = form.querySelectorAll("input[name='exploitation_forms']");
  var groups = form.querySelectorAll("[data-indicator-group]");
  var hint = form.querySelector("[data-indicators-hint]");
  function showIndicators() {
    var chosen = {};
    formBoxes.forEach(function (box) { if (box.checked) { chosen[box.value] = true; } });
    groups.forEach(function (group) {
      var code = group.getAttribute("data-indicator-group");
      var ticked = group.querySelector("input:checked") !== null;
      group.hidden = !(code === "" || chosen[code] || ticked);
    });
  }
  if (groups.length) {
    if (hint) { hint.hidden = false; }
    formBoxes.forEach(function (box) { box.addEventListener("change", showIndicators); });
    showIndicators();
  }

  // Persons: "Nog een persoon toevoegen" adds an empty block here, from the page's template.
  var add = form.querySelector("[data-add-person]");
  var template = form.querySelector("template[data-person-template]");
  var list = form.querySelector("[data-persons]");
  var total = form.querySelector("input[name='persons-TOTAL_FORMS']");
  var max = form.querySelector("input[name='persons-MAX_NUM_FORMS']");
  if (!add || !template || !list || !total) { return; }
  add.addEventListener("click", function (event) {
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }  // the server says why
    event.preventDefault();
    var html = template.innerHTML.replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var blocks = list.querySelectorAll("[data-person]");
    var first = blocks[blocks.length - 1].querySelector("select, input");
    if (first) { first.focus(); }
    if (max && index + 1 >= parseInt(max.value, 10)) { add.hidden = true; }
  });
})();
