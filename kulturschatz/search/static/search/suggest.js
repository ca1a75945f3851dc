// Completions while typing in the search box: objects, persons, places.
// A plain ARIA combobox: arrow keys move, Enter opens, Escape closes.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var endpoint = input.getAttribute("data-suggest");
  var timer = null, active = -1, links = [];
  var groups = document.documentElement.lang === "en"
    ? {objects: "Objects", persons: "Persons", places: "Places"}
    : {objects: "Objekte", persons: "Personen", places: "Orte"};

  function close() {
    list.hidden = true; list.innerHTML = ""; links = []; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function render(data) {
    list.innerHTML = ""; links = []; active = -1;
    ["objects", "persons", "places"].forEach(function (group) {
      (data[group] || []).forEach(function (entry) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        li.setAttribute("role", "option");
        li.id = "suggestion-" + links.length;
        a.href = entry.url;
        a.textContent = entry.title || entry.name;
        a.tabIndex = -1;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = groups[group];
        li.appendChild(a); li.appendChild(kind);
        list.appendChild(li); links.push(li);
      });
    });
    list.hidden = links.length === 0;
    input.setAttribute("aria-expanded", links.length ? "true" : "false");
  }
  function move(step) {
    if (!links.length) return;
    if (active >= 0) links[active].classList.remove("active");
    active = (active + step + links.length) % links.length;
    links[active].classList.add("active");
    input.setAttribute("aria-activedescendant", links[active].id);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { close(); return; }
    timer = setTimeout(function () {
      fetch(endpoint + "?q=" + encodeURIComponent(text), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && input.value.trim() === text) render(data); })
        .catch(close);
    }, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = links[active].querySelector("a").href;
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
