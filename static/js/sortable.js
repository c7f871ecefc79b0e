/* Sortable tables without a build step or inline script: a table marked
   data-sortable gets a button in each header cell of its thead; a tap sorts the tbody's
   rows by that column (a tfoot, such as a total row, stays last). A cell sorts by its
   data-sort-value when it has one (a number), else by its text (Chinese collation).
   Empty values go last whichever the direction. Without JavaScript the table is simply
   unsorted, in the server's order. */
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  function valueOf(cell) {
    if (!cell) { return null; }
    var raw = cell.getAttribute("data-sort-value");
    if (raw === null) {
      var text = cell.textContent.trim();
      return text === "" || text === "—" ? null : text;
    }
    if (raw === "") { return null; }
    var number = Number(raw);
    return isNaN(number) ? raw : number;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return collator.compare(String(a), String(b));
  }

  function sortBy(table, index, button) {
    var th = button.closest("th");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, position) {
      return { row: row, value: valueOf(row.cells[index]), position: position };
    });
    keyed.sort(function (x, y) {
      if (x.value === null && y.value === null) { return x.position - y.position; }
      if (x.value === null) { return 1; }
      if (y.value === null) { return -1; }
      var order = compare(x.value, y.value);
      if (order === 0) { return x.position - y.position; }
      return ascending ? order : -order;
    });
    keyed.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function setUp(table) {
    if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.title = "点击排序（再点一次反向）";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
})();
