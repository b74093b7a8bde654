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

/// A thread-safe counter for progress from parallel work.
public final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Seconds since the counter was made (when the work it counts began).
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    public func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
