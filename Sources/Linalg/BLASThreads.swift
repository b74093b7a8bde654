import CLapack

/// Control of OpenBLAS's internal thread pool.
///
/// OpenBLAS parallelises a single large product across its own threads. When Headroom already runs
/// many small fits in parallel (one per series), call `set(1)` once, before that work starts, so the two
/// levels of parallelism do not oversubscribe the cores. Not promised: any effect on a BLAS other than
/// OpenBLAS, or safe changes while other threads are inside BLAS calls.
public enum BLASThreads {
    /// Sets the number of OpenBLAS worker threads (`openblas_set_num_threads`); values below 1 mean 1.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// The number of OpenBLAS worker threads currently configured (`openblas_get_num_threads`).
    public static var current: Int { Int(openblas_get_num_threads()) }
}
