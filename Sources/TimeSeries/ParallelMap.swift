import Dispatch
import Foundation

extension Array {
    /// `map` run on all cores. Results keep their input order, so output is
    /// the same whatever the scheduling.
    public func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] where Element: Sendable {
        guard count > 1 else { return map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slots = buffer
            self.withUnsafeBufferPointer { input in
                nonisolated(unsafe) let items = input
                DispatchQueue.concurrentPerform(iterations: items.count) { i in
                    slots[i] = transform(items[i])
                }
            }
        }
        return results.map { $0! }
    }
}

/// Wall-clock lap timer, seconds.
/// The process's peak resident memory so far, in MiB (`getrusage`'s `ru_maxrss`, kilobytes on Linux).
public func peakMemoryMiB() -> Double {
    var usage = rusage()
    guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
    return Double(usage.ru_maxrss) / 1024
}

public struct Stopwatch: Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds
    private var last = DispatchTime.now().uptimeNanoseconds

    public init() {}

    public mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }

    public var total: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// Progress of a long stage, for a terminal display.
public struct ProgressEvent: Sendable {
    public let stage: String
    public let completed: Int
    public let total: Int
    /// Seconds since the stage began.
    public let elapsed: Double

    public init(stage: String, completed: Int, total: Int, elapsed: Double) {
        self.stage = stage
        self.completed = completed
        self.total = total
        self.elapsed = elapsed
    }

    /// Items done per second so far.
    public var rate: Double { elapsed > 0 ? Double(completed) / elapsed : 0 }
    /// Seconds left at the rate so far, or `nil` before anything is done.
    public var secondsLeft: Double? { completed > 0 ? Double(total - completed) / rate : nil }
}

/// A thread-safe counter for progress from parallel work.
public final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Seconds since the counter was made (when the work it counts began).
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    /// Counts one more item of `stage` done, out of `total`, and tells where the stage stands.
    public func progress(_ stage: String, of total: Int) -> ProgressEvent {
        ProgressEvent(stage: stage, completed: increment(), total: total, elapsed: elapsed)
    }

    public func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
