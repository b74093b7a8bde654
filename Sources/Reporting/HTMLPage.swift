/// The frame of `report.html` around the report's blocks: one self-contained page (inline CSS
/// and script, the charts inlined as SVG, nothing fetched), with a contents sidebar, tables that
/// sort by a click on a column's header, service sections that fold, and a print stylesheet for
/// A4 and Letter (the sidebar hidden, every section unfolded). Sections are written open and
/// folded by the script, so that without a script nothing is hidden.
enum HTMLPage {
    /// One entry of the contents sidebar.
    enum ContentsEntry: Equatable {
        /// A level-2 heading of the report (its anchor is ``ReportDocument/sectionID(_:)``).
        case section(String)
        /// A service's foldable section (its anchor is ``ServiceDetail/foldID(_:)``).
        case service(String)
    }

    /// Everything before the report's first block.
    static func opening(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Headroom">
        <title>\(HTMLText.escaped(title))</title>
        <style>
        \(style)</style>
        </head>
        <body>
        <main id="report">

        """
    }

    /// Everything after the report's last block: the contents sidebar (placed on the left by the
    /// stylesheet) and the script.
    static func closing(contents: [ContentsEntry]) -> String {
        var nav = "</main>\n<nav id=\"contents\" aria-label=\"Contents\">\n<p class=\"nav-title\">Contents</p>\n"
        nav += "<p class=\"controls\"><button type=\"button\" data-fold=\"open\">Unfold all</button> "
            + "<button type=\"button\" data-fold=\"close\">Fold all</button></p>\n<ul>\n"
        var inServices = false
        for entry in contents {
            switch entry {
            case .section(let title):
                if inServices { nav += "</ul></li>\n"; inServices = false }
                nav += "<li><a href=\"#\(ReportDocument.sectionID(title))\">\(InlineText.html(title))</a></li>\n"
            case .service(let name):
                if !inServices { nav += "<li><span class=\"nav-group\">Services</span><ul>\n"; inServices = true }
                nav += "<li><a href=\"#\(ServiceDetail.foldID(name))\">\(HTMLText.escaped(name))</a></li>\n"
            }
        }
        if inServices { nav += "</ul></li>\n" }
        return nav + "</ul>\n</nav>\n<script>\n\(script)</script>\n</body>\n</html>\n"
    }

    // The colours are the charts' (Okabe–Ito blue for links, grey for rules).
    static let style = """
    :root { --ink: #1b1b1b; --muted: #5c5c5c; --rule: #d9d9d9; --band: #f4f6f8; --link: #0072B2; }
    * { box-sizing: border-box; }
    html { scroll-padding-top: 1rem; }
    body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
      display: grid; grid-template-columns: 16rem minmax(0, 1fr); }
    main { grid-column: 2; grid-row: 1; padding: 1.5rem 2.5rem 4rem; max-width: 78rem; }
    nav#contents { grid-column: 1; grid-row: 1; position: sticky; top: 0; align-self: start; height: 100vh; overflow-y: auto;
      padding: 1.5rem 1rem; border-right: 1px solid var(--rule); background: var(--band); font-size: 14px; }
    nav ul { list-style: none; margin: 0; padding: 0; }
    nav ul ul { padding-left: 0.8rem; }
    nav li { margin: 0.2rem 0; }
    nav a { color: var(--ink); text-decoration: none; }
    nav a:hover, nav a:focus { color: var(--link); text-decoration: underline; }
    .nav-title, .nav-group { font-weight: 600; color: var(--muted); }
    .nav-title { margin: 0 0 0.5rem; text-transform: uppercase; letter-spacing: 0.05em; font-size: 12px; }
    .controls { margin: 0 0 0.8rem; }
    .controls button { font: inherit; font-size: 12px; padding: 0.1rem 0.5rem; border: 1px solid var(--rule); border-radius: 3px; background: #fff; cursor: pointer; }
    h1 { font-size: 1.7rem; margin: 0 0 1rem; }
    h2 { font-size: 1.35rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
    h3 { font-size: 1.1rem; margin: 1.6rem 0 0.6rem; }
    p, ul { margin: 0.6rem 0; }
    code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--band); padding: 0.05rem 0.25rem; border-radius: 3px; }
    .table { overflow-x: auto; margin: 0.8rem 0; }
    table { border-collapse: collapse; font-size: 14px; }
    th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
    th { background: var(--band); font-weight: 600; cursor: pointer; user-select: none; }
    th:hover::after, th:focus::after { content: " \\2195"; color: #999; font-size: 0.8em; }
    th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--ink); }
    th[aria-sort="descending"]::after { content: " \\2193"; color: var(--ink); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.mid, th.mid { text-align: center; }
    tbody tr:hover { background: #fafbfc; }
    td a { color: var(--link); text-decoration: none; }
    td a:hover, td a:focus { text-decoration: underline; }
    figure.chart { margin: 1rem 0; }
    figure.chart svg { display: block; max-width: 100%; height: auto; }
    details.fold { margin: 1.5rem 0 0; border-top: 1px solid var(--rule); }
    details.fold > summary { cursor: pointer; list-style: none; padding: 0.4rem 0; }
    details.fold > summary::-webkit-details-marker { display: none; }
    details.fold > summary::before { content: "\\25B8"; display: inline-block; width: 1.2rem; color: var(--muted); }
    details.fold[open] > summary::before { content: "\\25BE"; }
    details.fold > summary h2 { display: inline; border: 0; margin: 0; padding: 0; }
    @media (max-width: 900px) {
      body { display: flex; flex-direction: column; }
      nav#contents { order: -1; position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--rule); }
      main { padding: 1rem; }
    }
    @page { margin: 14mm 12mm; }
    @media print {
      body { display: block; font-size: 10pt; }
      nav#contents { display: none; }
      main { padding: 0; max-width: none; }
      h2, h3 { break-after: avoid; }
      details.fold { break-before: page; border: 0; }
      details.fold > summary::before { content: none; }
      .table { overflow: visible; }
      table { font-size: 8pt; width: 100%; }
      th::after { content: none; }
      th, td { padding: 0.15rem 0.3rem; }
      tr, figure.chart { break-inside: avoid; }
      a { color: inherit; text-decoration: none; }
    }

    """

    // A few lines of plain JavaScript: sorting, folding, opening the section a link points to, and
    // unfolding every section for printing.
    static let script = """
    (function () {
      "use strict";
      var dateLike = /^\\d{4}-\\d{2}-\\d{2}/, numberLike = /^[-+\\u2212]?\\$?[\\d,]*\\.?\\d+/;
      function sortKey(cell) {
        var text = cell.textContent.trim();
        if (text === "" || text === "\\u2013" || text === "-") return { kind: 3, value: 0 };
        if (dateLike.test(text)) return { kind: 1, value: text };
        var match = text.match(numberLike);
        if (match) return { kind: 0, value: parseFloat(match[0].replace(/[$,]/g, "").replace("\\u2212", "-")) };
        return { kind: 2, value: text.toLowerCase() };
      }
      function compare(a, b) {
        if (a.kind !== b.kind) return a.kind - b.kind;
        return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
      }
      function sortBy(header) {
        var table = header.closest("table"), body = table.tBodies[0];
        var column = Array.prototype.indexOf.call(header.parentNode.children, header);
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(header.parentNode.children, function (th) { th.setAttribute("aria-sort", "none"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.map.call(body.rows, function (row, index) {
          return { row: row, key: sortKey(row.cells[column] || row), index: index };
        });
        rows.sort(function (a, b) {
          var blankA = a.key.kind === 3, blankB = b.key.kind === 3;
          if (blankA !== blankB) return blankA ? 1 : -1;
          var order = compare(a.key, b.key);
          return (ascending ? order : -order) || a.index - b.index;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
      }
      document.querySelectorAll("table.sortable th").forEach(function (th) {
        th.addEventListener("click", function () { sortBy(th); });
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(th); }
        });
      });
      function fold(open) {
        document.querySelectorAll("details.fold").forEach(function (d) { d.open = open; });
      }
      document.querySelectorAll("button[data-fold]").forEach(function (button) {
        button.addEventListener("click", function () { fold(button.getAttribute("data-fold") === "open"); });
      });
      var closed = [];
      window.addEventListener("beforeprint", function () {
        closed = Array.prototype.filter.call(document.querySelectorAll("details.fold"), function (d) { return !d.open; });
        closed.forEach(function (d) { d.open = true; });
      });
      window.addEventListener("afterprint", function () {
        closed.forEach(function (d) { d.open = false; });
        closed = [];
      });
      function openTarget() {
        var id = location.hash.slice(1);
        try { id = decodeURIComponent(id); } catch (e) { /* a malformed fragment names no section */ }
        var target = id && document.getElementById(id);
        if (!target) return;
        var d = target.closest("details");
        if (d && !d.open) { d.open = true; target.scrollIntoView(); }
      }
      window.addEventListener("hashchange", openTarget);
      // The sections are written open, so that the page reads and prints whole without a script;
      // with one, they start folded but for the one a link points to.
      fold(false);
      openTarget();
    })();

    """
}
