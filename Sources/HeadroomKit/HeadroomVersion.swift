/// The version of Headroom, reported by `headroom --version` and in `run.json`.
public enum HeadroomVersion {
    public static let current = "0.2.0"
}
