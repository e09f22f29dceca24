/*
 * Progressive enhancement for the partner directory: a search box that hides
 * the partners that do not match. Without this script the filter links (by
 * type, area and language) do the same job as plain pages.
 */
(function () {
  "use strict";

  var slot = document.querySelector('[data-module="cast-partner-filter"]');
  if (!slot) {
    return;
  }
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-partner-card]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-partner-group]"));

  var label = document.createElement("label");
  label.className = "cast-partner-filter__label";
  label.htmlFor = "cast-partner-filter-input";
  label.textContent = slot.getAttribute("data-label");

  var input = document.createElement("input");
  input.className = "cast-partner-filter__input";
  input.id = "cast-partner-filter-input";
  input.type = "search";
  input.autocomplete = "off";

  // Announced politely after typing, so screen reader users know the result.
  var status = document.createElement("p");
  status.className = "cast-partner-filter__status";
  status.setAttribute("role", "status");

  slot.append(label, input, status);

  function update() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var text = card.getAttribute("data-search");
      var match = words.every(function (word) {
        return text.indexOf(word) !== -1;
      });
      card.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-partner-card]:not([hidden])");
    });
    status.textContent = words.length
      ? slot
          .getAttribute("data-status-template")
          .replace("{shown}", String(shown))
          .replace("{total}", String(cards.length))
      : "";
  }

  input.addEventListener("input", update);
})();
