// Mirador on one of our manifests: read the manifest URL from the page.
(function () {
  "use strict";
  var element = document.getElementById("mirador");
  Mirador.viewer({
    id: "mirador",
    language: element.dataset.language,
    windows: [{ manifestId: element.dataset.manifest }],
    window: { allowClose: false, allowMaximize: false },
    workspaceControlPanel: { enabled: false },
  });
})();
