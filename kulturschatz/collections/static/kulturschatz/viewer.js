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
  var viewer = OpenSeadragon({
    element: element,
    tileSources: [element.dataset.info],
    showNavigationControl: false,
    showNavigator: true,
    navigatorPosition: "BOTTOM_RIGHT",
    gestureSettingsMouse: { clickToZoom: false },
    crossOriginPolicy: "Anonymous",
  });
  var actions = {
    "zoom-in": function () { viewer.viewport.zoomBy(1.5); viewer.viewport.applyConstraints(); },
    "zoom-out": function () { viewer.viewport.zoomBy(1 / 1.5); viewer.viewport.applyConstraints(); },
    "home": function () { viewer.viewport.goHome(); },
    "full-page": function () { viewer.setFullScreen(!viewer.isFullPage()); },
  };
  var controls = element.parentNode.querySelector(".viewer-controls");
  controls.hidden = false;
  controls.addEventListener("click", function (event) {
    var action = event.target.closest("button") && event.target.closest("button").dataset.action;
    if (actions[action]) {
      actions[action]();
    }
  });
})();
