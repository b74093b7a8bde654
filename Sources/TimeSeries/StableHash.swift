/// A hash of a name that is the same in every process and on every platform (Swift's `Hasher`
/// is seeded per process): for what must not change between runs, such as which shard a service
/// belongs to, a seed drawn from its name, or a file name.
public enum StableHash {
    /// FNV-1a, 64 bits, over the UTF-8 of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
