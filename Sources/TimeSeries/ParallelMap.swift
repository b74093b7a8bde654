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

    public init() {}

    public func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
