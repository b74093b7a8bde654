/// The largest sizes Headroom accepts from a user, checked before any is used: past them a run would
/// take hours or run out of memory rather than fail. Documented in the README's "Errors".
public enum Limits {
    /// Steps ahead a forecast may reach (100,000: 11 years of hourly steps).
    public static let maxHorizonSteps = 100_000
    /// Instances a simulation may hold.
    public static let maxInstances = 10_000
}
