/*
 * Quick exit, modelled on GOV.UK Frontend's "Exit this page" component.
 * Progressive enhancement only: without this script the exit controls are plain
 * links to the same neutral destination.
 *
 * - Activating any [data-module="cast-exit"] link blanks the page at once and
 *   leaves with location.replace(), so Back does not return here.
 * - Pressing Shift on its own three times within EXIT_WINDOW_MS does the same.
 *   Shift held while another key is pressed (capitals, Shift+Tab) does not count.
 *   Esc is deliberately not used: it closes dialogs and menus everywhere.
 */
(function () {
  "use strict";

  var PRESSES_NEEDED = 3;
  var EXIT_WINDOW_MS = 5000;

  var presses = 0;
  var resetTimer = null;
  var shiftIsDown = false;
  var shiftWasCombined = false;

  function statusRegion() {
    return document.querySelector("[data-exit-status]");
  }

  function announce(remaining) {
    var region = statusRegion();
    if (!region) {
      return;
    }
    if (remaining === 1) {
      region.textContent = region.getAttribute("data-exit-last");
    } else if (remaining > 1) {
      region.textContent = region
        .getAttribute("data-exit-remaining")
        .replace("{count}", String(remaining));
    } else {
      region.textContent = "";
    }
  }

  function destination() {
    var link = document.querySelector('[data-module="cast-exit"]');
    return link ? link.href : null;
  }

  function exitNow(url) {
    if (!url) {
      return;
    }
    // Blank the page first, so nothing stays on screen while the next page loads.
    document.title = "";
    document.documentElement.classList.add("cast-exiting");
    document.body.replaceChildren();
    window.location.replace(url);
  }

  function resetPresses() {
    presses = 0;
    announce(0);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('[data-module="cast-exit"]');
    if (!link || event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // let "open in new tab" and friends behave as usual
    }
    event.preventDefault();
    exitNow(link.href);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftIsDown = true;
        shiftWasCombined = false;
      }
      return;
    }
    // Any other key, with or without Shift, breaks the sequence.
    if (shiftIsDown) {
      shiftWasCombined = true;
    }
    if (presses > 0) {
      window.clearTimeout(resetTimer);
      resetPresses();
    }
  });

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") {
      return;
    }
    var lone = shiftIsDown && !shiftWasCombined;
    shiftIsDown = false;
    if (!lone) {
      return;
    }
    presses += 1;
    window.clearTimeout(resetTimer);
    if (presses >= PRESSES_NEEDED) {
      presses = 0;
      var region = statusRegion();
      if (region) {
        region.textContent = region.getAttribute("data-exit-leaving");
      }
      exitNow(destination());
      return;
    }
    announce(PRESSES_NEEDED - presses);
    resetTimer = window.setTimeout(resetPresses, EXIT_WINDOW_MS);
  });
})();
