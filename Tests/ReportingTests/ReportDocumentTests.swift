import Foundation
import Testing
@testable import Reporting

/// `report.md` and `report.html` are two renderings of one document.
@Suite("Report document: Markdown and HTML from the same blocks")
struct ReportDocumentTests {
    static var sample: ReportDocument {
        var doc = ReportDocument()
        doc.heading(2, "checkout-api")
        doc.paragraph("**Scale out** (confidence high): the 95 % bound crosses `8 cores` by *2026-12-20* & 3 < 4.")
        doc.bullets(["Caveat: one", "two | three"])
        doc.table(header: ["Service", "Cost"], alignments: ["l", "r"], rows: [["a|b", "$1,204"], ["c", "–"]])
        doc.image(alt: "a \"chart\"", path: "charts/a.svg")
        return doc
    }

    @Test("the Markdown separates blocks by a blank line and escapes table cells")
    func markdown() {
        #expect(Self.sample.markdown == """
            ## checkout-api

            **Scale out** (confidence high): the 95 % bound crosses `8 cores` by *2026-12-20* & 3 < 4.

            - Caveat: one
            - two | three

            | Service | Cost |
            |:---|---:|
            | a\\|b | $1,204 |
            | c | – |

            ![a "chart"](charts/a.svg)

            """)
    }

    @Test("the HTML renders the inline marks as elements, escapes text and inlines each chart's SVG")
    func html() {
        let html = Self.sample.html(charts: { $0 == "charts/a.svg" ? "<svg width=\"10\" height=\"10\"></svg>\n" : nil })
        #expect(html == """
            <h2 id="section-checkout-api">checkout-api</h2>
            <p><strong>Scale out</strong> (confidence high): the 95 % bound crosses <code>8 cores</code> by <em>2026-12-20</em> &amp; 3 &lt; 4.</p>
            <ul>
            <li>Caveat: one</li>
            <li>two | three</li>
            </ul>
            <div class="table"><table class="sortable">
            <thead><tr><th scope="col" tabindex="0" aria-sort="none">Service</th><th class="num" scope="col" tabindex="0" aria-sort="none">Cost</th></tr></thead>
            <tbody>
            <tr><td>a|b</td><td class="num">$1,204</td></tr>
            <tr><td>c</td><td class="num">–</td></tr>
            </tbody></table></div>
            <figure class="chart" aria-label="a &quot;chart&quot;">
            <svg width="10" height="10"></svg>
            </figure>

            """)
    }

    @Test("in the HTML a table's first-column cell links where links says, by its text")
    func links() {
        var doc = ReportDocument()
        doc.table(header: ["Service", "Action"], alignments: ["l", "l"], rows: [["api", "api"], ["web", "none"]])
        let html = doc.html(charts: { _ in nil }, links: { $0 == "api" ? "#service-api" : nil })
        #expect(html.contains("<tr><td><a href=\"#service-api\">api</a></td><td>api</td></tr>"))
        #expect(html.contains("<tr><td>web</td><td>none</td></tr>"))
    }

    @Test("a folded document is one details element whose summary is its first heading")
    func folded() {
        var doc = ReportDocument()
        doc.heading(2, "web <1>")
        doc.paragraph("Plan.")
        #expect(doc.html(charts: { _ in nil }, foldID: "service-web--1-") == """
            <details class="fold" id="service-web--1-" open>
            <summary><h2>web &lt;1&gt;</h2></summary>
            <p>Plan.</p>
            </details>

            """)
    }

    @Test("a mark without its closing partner stays literal text, and code keeps its asterisks")
    func unbalancedMarks() {
        #expect(InlineText.html("2 * 3 = 6") == "2 * 3 = 6")
        #expect(InlineText.html("`a*b*c` and **bold `x`**") == "<code>a*b*c</code> and <strong>bold <code>x</code></strong>")
        #expect(InlineText.html("**") == "**")
        #expect(InlineText.html("a `b") == "a `b")
    }

    @Test("a document survives encoding as JSON, as a shard hands it to merge")
    func codable() throws {
        let data = try JSONEncoder().encode(Self.sample)
        #expect(try JSONDecoder().decode(ReportDocument.self, from: data) == Self.sample)
    }

    @Test("the contents sidebar lists sections, then services grouped, then later sections")
    func contents() {
        let closing = HTMLPage.closing(contents: [.section("Decisions"), .service("api"), .service("web"), .section("Appendix: models")])
        #expect(closing.contains("""
            <ul>
            <li><a href="#section-decisions">Decisions</a></li>
            <li><span class="nav-group">Services</span><ul>
            <li><a href="#service-api">api</a></li>
            <li><a href="#service-web">web</a></li>
            </ul></li>
            <li><a href="#section-appendix--models">Appendix: models</a></li>
            </ul>
            """))
        #expect(closing.hasSuffix("</script>\n</body>\n</html>\n"))
    }
}

@Suite("Slugs of service and metric names")
struct SlugTests {
    @Test("a name that is already a slug is kept; names that would share one get their own")
    func slugsStayApart() {
        #expect(FleetReport.slug("checkout-api") == "checkout-api")
        #expect(FleetReport.slug("cpu_cores") == "cpu_cores")
        let names = ["web-v2", "web.v2", "Web-V2", "web v2"]
        let slugs = names.map(FleetReport.slug)
        #expect(Set(slugs).count == names.count, "\(slugs)")
        #expect(slugs.dropFirst().allSatisfy { $0.hasPrefix("web-v2-") && $0.count == "web-v2-".count + 8 })
    }
}
