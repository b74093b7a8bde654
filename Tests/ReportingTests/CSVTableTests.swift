import Testing
@testable import Reporting

@Suite("CSV and number output")
struct CSVTableTests {
    @Test("fields with commas, quotes or line breaks are quoted as RFC 4180 asks; others are not")
    func quoting() {
        var table = CSVTable(header: ["service", "value"])
        table.append(["eu,west", "1"])
        table.append(["say \"hi\"", "2"])
        table.append(["two\nlines", "3"])
        table.append(["plain", "4"])
        #expect(table.text == "service,value\n\"eu,west\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\nplain,4\n")
    }

    @Test("exact numbers read back to the same double; readable ones keep about three figures")
    func numbers() {
        for v in [0.1, 1.0 / 3, 12_345.678_9, -2.5e-7, 3] {
            #expect(Double(NumberFormat.exact(v)) == v)
        }
        #expect(NumberFormat.exact(3) == "3")
        #expect(NumberFormat.readable(1234.5) == "1,234" || NumberFormat.readable(1234.5) == "1,235")
        #expect(NumberFormat.readable(12.345) == "12.3")
        #expect(NumberFormat.readable(0.04567) == "0.046")
        #expect(NumberFormat.readable(-3.2) == "−3.20")
        #expect(NumberFormat.signed(0.5) == "+0.500")
    }
}
