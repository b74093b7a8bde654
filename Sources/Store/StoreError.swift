import TimeSeries

/// Why the history could not be read or written. Every case names the file
/// (and the line, series or column) and what was expected, so that the user
/// can fix the input without reading code.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The database or CSV file does not exist.
    case fileNotFound(path: String)
    /// A file exists but holds nothing to read.
    case emptyFile(path: String)
    /// The database lacks tables of the Headroom schema.
    case missingTables(path: String, tables: [String])
    /// A CSV header lacks a column the format needs.
    case missingColumn(path: String, column: String, header: [String])
    /// A CSV line has a field that is not what its column needs.
    case badField(path: String, line: Int, column: String, text: String, expected: String)
    /// A CSV line has fewer fields than the header.
    case shortLine(path: String, line: Int, expected: Int, found: Int)
    /// A custom SQL query returned rows without a column the pipeline needs.
    case badQueryResult(path: String, detail: String)
    /// A series named by the job is not in the database.
    case unknownSeries(path: String, service: String, metric: String)
    /// SQLite refused: the message carries SQLite's own words and the statement.
    case sqlite(path: String, message: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .emptyFile(let path):
            return "\(path): the file is empty; expected a header line and at least one row"
        case .missingTables(let path, let tables):
            return "\(path): not a Headroom history database: missing table\(tables.count == 1 ? "" : "s") "
                + tables.joined(separator: ", ")
                + " (create it with `headroom ingest`, or give the job a `query:` for your own schema)"
        case .missingColumn(let path, let column, let header):
            return "\(path): line 1: missing column '\(column)'; the header has \(header.joined(separator: ","))"
        case .badField(let path, let line, let column, let text, let expected):
            return "\(path): line \(line): column '\(column)' holds '\(text)'; expected \(expected)"
        case .shortLine(let path, let line, let expected, let found):
            return "\(path): line \(line): \(found) field\(found == 1 ? "" : "s"); expected \(expected) as in the header"
        case .badQueryResult(let path, let detail):
            return "\(path): the job's query \(detail)"
        case .unknownSeries(let path, let service, let metric):
            return "\(path): no series for service '\(service)' and metric '\(metric)'"
        case .sqlite(let path, let message):
            return "\(path): \(message)"
        }
    }

    /// Whether the error is about input that is missing (exit 66) rather than malformed (exit 65).
    public var isMissingInput: Bool {
        if case .fileNotFound = self { return true }
        return false
    }
}
