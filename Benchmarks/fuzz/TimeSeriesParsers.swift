// A libFuzzer target over the parsers of text a user types: durations and horizons (DurationText),
// time steps (TimeStep) and timestamps (TimestampParser). Compiled with the TimeSeries sources by
// Benchmarks/fuzz.sh; libFuzzer provides `main`. A trap or a broken promise is a crash libFuzzer keeps.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTimeSeriesParsers(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let seconds = DurationText.seconds(text) {
        precondition(seconds.isFinite && seconds >= 0, "DurationText.seconds(\(text.debugDescription)) = \(seconds)")
    }
    for step in [TimeStep.minute, .hour, .day] {
        if let steps = DurationText.steps(text, step: step) {
            precondition(steps > 0 && steps < Int(Int32.max), "DurationText.steps(\(text.debugDescription)) = \(steps)")
        }
    }
    if let step = TimeStep(text) {
        precondition(step.seconds > 0 && TimeStep(step.description) == step, "TimeStep(\(text.debugDescription)) = \(step)")
        _ = step.steps(inPeriod: text)
    }
    if let ts = TimestampParser.parse(text), abs(ts) < 250_000_000_000 {
        precondition(TimestampParser.parse(TimestampFormat.iso8601.format(ts)) == ts, "TimestampParser.parse(\(text.debugDescription)) = \(ts)")
        _ = TimestampFormat.detect(text)
    }
    return 0
}
