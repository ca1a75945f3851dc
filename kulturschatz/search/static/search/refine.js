// On a narrow screen the facets come before the results; fold them behind
// their "Refine" heading so the results are the first thing a phone shows.
// Without script the panel stays open, as on a wide screen.
(function () {
  "use strict";
  var panel = document.querySelector("details.refine");
  if (!panel) return;
  var narrow = window.matchMedia("(max-width: 700px)");
  if (narrow.matches) panel.open = false;
  narrow.addEventListener("change", function (event) {
    panel.open = !event.matches;
  });
})();
