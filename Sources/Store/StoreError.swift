import Foundation
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
    /// A line with more fields than the header names.
    case extraFields(path: String, line: Int, expected: Int, found: Int)
    /// A row whose unit differs from the unit its series already has.
    case unitConflict(path: String, series: String, stored: String, found: String)
    /// A custom SQL query returned rows without a column the pipeline needs.
    case badQueryResult(path: String, detail: String)
    /// A series named by the job is not in the database.
    case unknownSeries(path: String, service: String, metric: String)
    /// SQLite refused: the message carries SQLite's own words and the statement.
    case sqlite(path: String, message: String)
    /// A writer held the database past the busy timeout (seconds).
    case locked(path: String, seconds: Double)
    /// A crashed writer left a hot journal beside the database, which a read-only open cannot roll back.
    case hotJournal(path: String)
    /// The file holds tables of another schema; Headroom does not add its own to it.
    case foreignSchema(path: String, tables: [String])
    /// The database cannot be written (a read-only file, a missing folder, a full disk).
    case cannotWrite(path: String, message: String)

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
        case .extraFields(let path, let line, let expected, let found):
            return "\(path): line \(line): \(found) fields; the header names \(expected), so the extra ones would be ignored: remove them or name them"
        case .unitConflict(let path, let series, let stored, let found):
            return "\(path): series \(series) is stored in '\(stored)', and the input gives '\(found)'; convert the values, or ingest them as another metric"
        case .badQueryResult(let path, let detail):
            return "\(path): the job's query \(detail)"
        case .unknownSeries(let path, let service, let metric):
            return "\(path): no series for service '\(service)' and metric '\(metric)'"
        case .sqlite(let path, let message):
            return "\(path): \(message)"
        case .locked(let path, let seconds):
            return "\(path): locked by another writer for more than \(Int(seconds)) s (the job's `busy_timeout`); try again when it is done"
        case .hotJournal(let path):
            return "\(path): a writer was killed mid-transaction and left \((path as NSString).lastPathComponent)-journal (a hot journal), which a"
                + " read-only open cannot roll back; open the database once with write access (for example `headroom ingest` or"
                + " `sqlite3 \(path) 'PRAGMA integrity_check'`) to recover it, then rerun"
        case .foreignSchema(let path, let tables):
            return "\(path): holds tables of another schema (\(tables.prefix(5).joined(separator: ", "))); Headroom does not add its own to it:"
                + " ingest into a new file, or read this one with a job's `query:`"
        case .cannotWrite(let path, let message):
            return "\(path): cannot write: \(message)"
        }
    }

    /// Whether the database cannot be written (exit 73).
    public var isCannotWrite: Bool {
        if case .cannotWrite = self { return true }
        return false
    }

    /// Whether the failure is temporary (exit 75).
    public var isTemporary: Bool {
        if case .locked = self { return true }
        return false
    }

    /// Whether the error is about input that is missing (exit 66) rather than malformed (exit 65).
    public var isMissingInput: Bool {
        if case .fileNotFound = self { return true }
        return false
    }
}
