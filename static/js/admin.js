/* The admin's pages under the Content-Security-Policy (no inline handlers): the export
   page of django-import-export declares its "select all" box with onchange="…", which the
   policy blocks, so the same function is called from here. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input.select-toggle[name='select-all-toggle']") &&
        typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
