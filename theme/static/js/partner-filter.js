/*
 * Progressive enhancement for the partner directory: a search box that hides
 * the partners that do not match. Without this script the filter links (by
 * type, area and language) do the same job as plain pages.
 *
 * Every word it shows comes from the page (data-label, data-status-template),
 * rendered through the theme's catalog, so it speaks the page's language.
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

  // The same folding as the partners' data-search (records/views.py `fold`):
  // "angeles" finds "Ángeles".
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function update() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
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
