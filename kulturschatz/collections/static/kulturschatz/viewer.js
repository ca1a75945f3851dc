// Deep zoom on object pages: OpenSeadragon over our IIIF Image API, with our
// own HTML buttons (keyboard and screen readers) instead of its image buttons.
// Without JavaScript the page shows the plain image it already has.
(function () {
  "use strict";
  var element = document.getElementById("deepzoom");
  if (!element || typeof OpenSeadragon === "undefined") {
    return;
  }
  element.classList.add("deepzoom-active");
  var controls = element.parentNode.querySelector(".viewer-controls");
  var viewer = OpenSeadragon({
    element: element,
    tileSources: [element.dataset.info],
    showNavigationControl: false,
    showNavigator: true,
    navigatorPosition: "BOTTOM_RIGHT",
    gestureSettingsMouse: { clickToZoom: false },
    crossOriginPolicy: "Anonymous",
    // Full page hides everything else in <body> except the toolbar: our
    // controls stay there, so keyboard users can zoom and leave full page.
    toolbar: controls,
  });
  var actions = {
    "zoom-in": function () { viewer.viewport.zoomBy(1.5); viewer.viewport.applyConstraints(); },
    "zoom-out": function () { viewer.viewport.zoomBy(1 / 1.5); viewer.viewport.applyConstraints(); },
    "home": function () { viewer.viewport.goHome(); },
    "full-page": function () { viewer.setFullScreen(!viewer.isFullPage()); },
  };
  // Moving the controls in or out of full page (or the browser entering or
  // leaving full screen, also by Esc) drops the focus: put it back on the button.
  var fullPageButton = controls.querySelector('[data-action="full-page"]');
  fullPageButton.setAttribute("aria-pressed", "false");
  ["full-page", "full-screen"].forEach(function (name) {
    viewer.addHandler(name, function () {
      fullPageButton.setAttribute("aria-pressed", String(viewer.isFullPage()));
      fullPageButton.focus();
    });
  });
  controls.hidden = false;
  controls.addEventListener("click", function (event) {
    var action = event.target.closest("button") && event.target.closest("button").dataset.action;
    if (actions[action]) {
      actions[action]();
    }
  });
})();
