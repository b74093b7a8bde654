import Foundation
import Testing

/// The demo's `report.html` in a real browser: Debian's headless Chromium (installed by `make
/// test`), on the file itself, never on a server. The screenshots land in
/// `.build/test-output/report-html/`: `first-screen.png` and `service-section.png`.
@Suite("report.html in headless Chromium", .serialized)
struct ReportBrowserTests {
    /// The service whose section is photographed: the demo's checkout API.
    static let service = "checkout-api"

    /// The demo's report, written once for the suite into a temporary folder.
    final class Demo: Sendable {
        let folder: String
        let markdown: String
        let html: String
        let status: Int32
        let output: String

        init() {
            folder = NSTemporaryDirectory() + "headroom-browser-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let binary = (try? NotebookTests.binaryFolder()) ?? ".build/debug"
            let run = PrometheusTests.run(binary + "/headroom",
                                          ["demo", "--job", NotebookTests.root.path + "/datasets/demo.yaml", "--output", folder + "/report",
                                           "--log-level", "error"], in: folder)
            (status, output) = run
            markdown = (try? String(contentsOfFile: folder + "/report/report.md", encoding: .utf8)) ?? ""
            html = (try? String(contentsOfFile: folder + "/report/report.html", encoding: .utf8)) ?? ""
        }

        var htmlPath: String { folder + "/report/report.html" }
    }

    static let demo = Demo()

    static var outputFolder: String {
        let path = NotebookTests.root.path + "/.build/test-output/report-html"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs Chromium headless on `url` with `arguments`; its exit status and stderr.
    static func chromium(_ arguments: [String], url: String) -> (status: Int32, output: String) {
        let profile = NSTemporaryDirectory() + "headroom-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        return PrometheusTests.run("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                                                         "--user-data-dir=\(profile)", "--window-size=1366,900"] + arguments + [url],
                                   in: demo.folder)
    }

    /// A copy of the report beside it with `head` added to its head and `tail` before `</body>`.
    static func copy(named name: String, head: String = "", tail: String = "") throws -> String {
        let path = demo.folder + "/report/" + name
        let text = demo.html.replacingOccurrences(of: "<head>\n", with: "<head>\n" + head)
            .replacingOccurrences(of: "</body>", with: tail + "</body>")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the demo writes report.html beside report.md")
    func demoWritesBoth() {
        #expect(Self.demo.status == 0, "headroom demo: \(Self.demo.output)")
        #expect(Self.demo.html.hasPrefix("<!DOCTYPE html>"))
        #expect(Self.demo.html.hasSuffix("</html>\n"))
        #expect(!Self.demo.markdown.isEmpty)
    }

    @Test("the page is self-contained: no source, link, stylesheet or font is fetched")
    func selfContained() throws {
        let html = Self.demo.html
        for pattern in [#"\ssrc\s*="#, #"href\s*=\s*"(?!#)"#, #"url\("#, "@import", "<link", "<iframe", #"https?://(?!www\.w3\.org/2000/svg")"#] {
            let regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let matches = regex.numberOfMatches(in: html, range: NSRange(html.startIndex..., in: html))
            #expect(matches == 0, "report.html matches \(pattern) \(matches) times")
        }
        // Every chart of the Markdown is inlined.
        let images = Self.demo.markdown.components(separatedBy: "\n").filter { $0.hasPrefix("![") }.count
        #expect(images > 10)
        #expect(html.components(separatedBy: "<figure class=\"chart\" aria-label=").count - 1 == images)
        #expect(!html.contains("class=\"chart missing\""))
        // Without a script every section is open: the markup says so, and the script folds them.
        let folds = html.components(separatedBy: "<details class=\"fold\" id=\"").dropFirst()
        #expect(folds.count == 10)
        #expect(folds.allSatisfy { $0.prefix(80).contains("\" open>") })
    }

    /// The words of a report, in order, without its markup: Markdown's marks, table rules and
    /// image lines; HTML's tags, inlined charts and the page's own frame (sidebar, script).
    static func words(markdown: String) -> [String] {
        var words: [String] = []
        for line in markdown.components(separatedBy: "\n") where !line.hasPrefix("![") {
            if line.hasPrefix("|"), line.allSatisfy({ "|:-".contains($0) }) { continue }
            var text = line
            if let hashes = text.firstIndex(where: { $0 != "#" }), text.hasPrefix("#") { text = String(text[hashes...]) }
            if text.hasPrefix("- ") { text.removeFirst(2) }
            text = text.replacingOccurrences(of: "\\|", with: "\u{1}").replacingOccurrences(of: "|", with: " ")
                .replacingOccurrences(of: "\u{1}", with: "|")
            words += Self.split(text)
        }
        return words
    }

    static func words(html: String) throws -> [String] {
        guard let start = html.range(of: "<main id=\"report\">"), let end = html.range(of: "</main>") else { return [] }
        var text = String(html[start.upperBound..<end.lowerBound])
        for pattern in ["<svg.*?</svg>", "<[^>]+>"] {
            text = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
                .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
        text = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        return split(text)
    }

    static func split(_ text: String) -> [String] {
        text.replacingOccurrences(of: "*", with: " ").replacingOccurrences(of: "`", with: " ")
            .split(whereSeparator: \.isWhitespace).map(String.init)
    }

    @Test("report.html says the same words and numbers as report.md, in the same order")
    func sameWords() throws {
        let markdown = Self.words(markdown: Self.demo.markdown), html = try Self.words(html: Self.demo.html)
        #expect(markdown.count > 5000)
        let first = zip(markdown, html).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(first == nil && markdown.count == html.count,
                "first difference at word \(first ?? min(markdown.count, html.count)): \(markdown.dropFirst(first ?? 0).prefix(12)) against \(html.dropFirst(first ?? 0).prefix(12))")
    }

    /// What the probe script reports from inside the page.
    struct Probe: Decodable {
        let errors: [String]
        let charts: Int
        let zeroSized: [String]
        let brokenLinks: [String]
        /// Links within the page: the sidebar's, and each table row's service to its section.
        let links: Int
        let folds: Int
        let ascending: [String]
        let descending: [String]
        /// The decision table's cost column after a click on its header: the first dollar figure of each row.
        let costs: [Double]
        /// Sections open once the script has run (it folds them all).
        let openAtLoad: Int
    }

    /// Loads a copy of the report that records every error and console error from its first
    /// line, and, after the report's own script, unfolds every section, measures every chart,
    /// follows every link and sorts the decision table by service both ways; the results
    /// come back in the DOM Chromium dumps.
    static func probe() throws -> Probe {
        let head = """
            <script>window.probeErrors = [];
            window.addEventListener("error", function (e) { probeErrors.push(String(e.message || (e.target && e.target.outerHTML))); }, true);
            window.addEventListener("unhandledrejection", function (e) { probeErrors.push(String(e.reason)); });
            (function () { var original = console.error; console.error = function () { probeErrors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); }; })();
            </script>

            """
        let tail = """
            <script>(function () {
              var openAtLoad = document.querySelectorAll("details.fold[open]").length;
              document.querySelector("button[data-fold=open]").click();
              var charts = document.querySelectorAll("figure.chart svg"), zero = [];
              charts.forEach(function (svg) { var r = svg.getBoundingClientRect(); if (!(r.width > 0 && r.height > 0)) zero.push(svg.querySelector("title").textContent); });
              var broken = [], links = document.querySelectorAll("a[href^='#']").length;
              document.querySelectorAll("a[href^='#']").forEach(function (a) { if (!document.getElementById(a.getAttribute("href").slice(1))) broken.push(a.getAttribute("href")); });
              var table = document.querySelector("#section-decisions ~ .table table"), th = table.querySelector("th");
              function column() { return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[0].textContent; }); }
              th.click(); var up = column(); th.click(); var down = column();
              var headers = table.querySelectorAll("th"); headers[headers.length - 1].click();
              var costs = Array.prototype.map.call(table.tBodies[0].rows, function (r) {
                return parseFloat(r.cells[r.cells.length - 1].textContent.replace(/[$,]/g, ""));
              });
              var result = { errors: probeErrors, charts: charts.length, zeroSized: zero, brokenLinks: broken,
                             folds: document.querySelectorAll("details.fold[open]").length, ascending: up, descending: down,
                             costs: costs, openAtLoad: openAtLoad, links: links };
              var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = encodeURIComponent(JSON.stringify(result));
              document.body.appendChild(pre);
            })();</script>

            """
        let path = try copy(named: "probe.html", head: head, tail: tail)
        let run = chromium(["--dump-dom"], url: "file://" + path)
        guard let start = run.output.range(of: "<pre id=\"probe\">"), let end = run.output.range(of: "</pre>", range: start.upperBound..<run.output.endIndex),
              let json = String(run.output[start.upperBound..<end.lowerBound]).removingPercentEncoding else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "no probe result: \(run.output.suffix(2000))"])
        }
        return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    }

    @Test("in Chromium the page raises no error, every chart has a size, every link lands and the decision table sorts")
    func inChromium() throws {
        let probe = try Self.probe()
        #expect(probe.errors.isEmpty, "errors in the page: \(probe.errors)")
        #expect(probe.charts == Self.demo.html.components(separatedBy: "<figure class=\"chart\" aria-label=").count - 1)
        #expect(probe.charts > 10)
        #expect(probe.zeroSized.isEmpty, "charts of zero size: \(probe.zeroSized)")
        #expect(probe.brokenLinks.isEmpty, "links without a target: \(probe.brokenLinks)")
        #expect(probe.links > 40, "the sidebar's links and each table row's service")
        #expect(probe.folds == 10, "one foldable section per service of the demo")
        #expect(probe.ascending.count == 10)
        #expect(probe.ascending == probe.ascending.sorted())
        #expect(probe.descending == probe.ascending.reversed())
        #expect(probe.costs.count == 10 && probe.costs == probe.costs.sorted(), "sorted by cost as numbers: \(probe.costs)")
        #expect(probe.openAtLoad == 0, "the script folds every section")
        // The page itself, loaded as a reader loads it, logs no error either.
        let plain = Self.chromium(["--enable-logging=stderr", "--v=0", "--dump-dom"], url: "file://" + Self.demo.htmlPath)
        let consoleErrors = plain.output.components(separatedBy: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "console: \(consoleErrors)")
    }

    @Test("screenshots of the first screen and of a service section")
    func screenshots() throws {
        let out = Self.outputFolder
        let first = Self.chromium(["--screenshot=\(out)/first-screen.png"], url: "file://" + Self.demo.htmlPath)
        #expect(first.status == 0, "\(first.output)")
        // Headless Chromium photographs a scrolled page blank, so the section is brought to the top
        // instead: the copy hides what precedes it, and the link's fragment unfolds it.
        let id = "service-" + Self.service
        let section = try Self.copy(named: "service.html", head: "<style>main#report > :not(#\(id)) { display: none; }</style>\n")
        let shot = Self.chromium(["--screenshot=\(out)/service-section.png"], url: "file://\(section)#\(id)")
        #expect(shot.status == 0, "\(shot.output)")
        for name in ["first-screen.png", "service-section.png"] {
            let data = FileManager.default.contents(atPath: "\(out)/\(name)") ?? Data()
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is a PNG")
            // A blank 1366×900 page compresses to about 6 KB; text and charts to far more.
            #expect(data.count > 40_000, "\(name) holds a rendered page (\(data.count) bytes)")
        }
    }

    @Test("it prints to A4 and to Letter with every service section unfolded and without the sidebar", arguments: ["A4", "letter"])
    func prints(_ paper: String) throws {
        let page = try Self.copy(named: "print-\(paper).html", head: "<style>@page { size: \(paper); }</style>\n")
        let pdf = Self.outputFolder + "/report-\(paper).pdf"
        let run = Self.chromium(["--no-pdf-header-footer", "--print-to-pdf=\(pdf)"], url: "file://" + page)
        #expect(run.status == 0, "\(run.output)")
        let info = PrometheusTests.run("/usr/bin/pdfinfo", [pdf], in: Self.demo.folder).output
        #expect(info.contains(paper == "A4" ? "(A4)" : "(letter)"), "\(info)")
        let pages = info.components(separatedBy: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
        #expect(pages > 10)
        let text = PrometheusTests.run("/usr/bin/pdftotext", ["-layout", pdf, "-"], in: Self.demo.folder).output
        // The last service's plan is printed although its section starts folded; the sidebar is not.
        let lastPlan = try #require(Self.demo.markdown.components(separatedBy: "\n## session-cache\n").last)
        let deployment = try #require(lastPlan.components(separatedBy: "\n").first { $0.hasPrefix("Deployed as") })
        #expect(text.replacingOccurrences(of: "\n", with: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains(deployment.split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")))
        #expect(!text.contains("Unfold all"))
    }
}
