/* Behaviour pages ask for with data attributes. The Content-Security-Policy runs scripts
   from this site's static files only — no inline <script> or on…= handlers — so every page
   loads this file and marks what it needs:
     <form data-confirm="确定删除？">       asks before submitting
     <select data-submit-on-change>        submits its form when changed
     <button data-print>                   prints the page
     <section id="import-progress" data-status-url="…">   follows a running import */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-print]");
    if (target) { event.preventDefault(); window.print(); }
  });

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.submit();
    }
  });

  var box = document.getElementById("import-progress");
  var url = box && box.getAttribute("data-status-url");
  if (!url) { return; }
  function show(id, text) { document.getElementById(id).textContent = text; }
  function poll() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      if (!p.active) { window.location.reload(); return; }
      show("import-stage", p.stage);
      document.getElementById("import-bar").style.width = p.percent + "%";
      show("import-count", p.total ? p.done.toLocaleString() + " / " + p.total.toLocaleString() : "");
      document.getElementById("import-stalled").hidden = !p.stalled;
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
