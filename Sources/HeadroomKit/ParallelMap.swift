import Dispatch

extension Array {
    /// `map` run on all cores. Results keep their input order, so output is
    /// the same whatever the scheduling.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] where Element: Sendable {
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
