import TimeSeries

/// A calendar step of the time axis, in UTC. Dates come from `CivilTime`'s integer
/// arithmetic (Hinnant's `days_from_civil`), so labels are the same on every machine.
enum CalendarStep: Sendable, Equatable {
    /// Every `n` minutes, at multiples of `n` minutes since midnight (n divides 60).
    case minutes(Int64)
    /// Every `n` hours, at multiples of `n` hours since midnight (n divides 24).
    case hours(Int64)
    /// Every `n` days at 00:00, counted from 1970-01-01.
    case days(Int64)
    /// Every `n` weeks on Monday 00:00, counted from Monday 1970-01-05.
    case weeks(Int64)
    /// Every `n` months on the 1st at 00:00, at months whose index from January is a multiple of `n`
    /// (quarters start in January, April, July, October).
    case months(Int64)
    /// Every `n` years on January 1st, at years that are multiples of `n`.
    case years(Int64)

    /// Seconds in a day.
    private static let day: Int64 = 86_400
    /// English month abbreviations, January first.
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The steps tried, finest first.
    static let ladder: [CalendarStep] = [
        .minutes(1), .minutes(5), .minutes(15), .minutes(30),
        .hours(1), .hours(3), .hours(6), .hours(12),
        .days(1), .days(2), .weeks(1), .weeks(2),
        .months(1), .months(3), .months(6),
        .years(1), .years(2), .years(5), .years(10), .years(20), .years(50), .years(100),
    ]

    /// An upper bound of the step's length in seconds, to skip steps that are far too fine
    /// without generating their ticks.
    var longestSeconds: Int64 {
        switch self {
        case .minutes(let n): n * 60
        case .hours(let n): n * 3_600
        case .days(let n): n * Self.day
        case .weeks(let n): n * 7 * Self.day
        case .months(let n): n * 31 * Self.day
        case .years(let n): n * 366 * Self.day
        }
    }

    /// The longest label this step writes, in characters ("23:00", "Sep 30", "Sep", "2027").
    var labelCharacters: Int {
        switch self {
        case .minutes, .hours: 5
        case .days, .weeks: 6
        case .months: 3
        case .years: 4
        }
    }

    /// The tick instants (Unix seconds) of this step within `start...end`, ascending.
    func instants(from start: Int64, through end: Int64) -> [Int64] {
        switch self {
        case .minutes(let n): Self.aligned(start, end, period: n * 60, origin: 0)
        case .hours(let n): Self.aligned(start, end, period: n * 3_600, origin: 0)
        case .days(let n): Self.aligned(start, end, period: n * Self.day, origin: 0)
        case .weeks(let n): Self.aligned(start, end, period: n * 7 * Self.day, origin: 4 * Self.day)
        case .months(let n): Self.monthStarts(start, end, every: n)
        case .years(let n): Self.monthStarts(start, end, every: 12 * n)
        }
    }

    private static func aligned(_ start: Int64, _ end: Int64, period: Int64, origin: Int64) -> [Int64] {
        let first = origin - (origin - start).floorDivided(by: period) * period  // first multiple ≥ start
        return first > end ? [] : Array(stride(from: first, through: end, by: Int(period)))
    }

    /// Starts of months whose running index (year × 12 + month − 1) is a multiple of `every`.
    private static func monthStarts(_ start: Int64, _ end: Int64, every: Int64) -> [Int64] {
        func instant(_ index: Int64) -> Int64 {
            let year = index.floorDivided(by: 12)
            return CivilTime(year: Int(year), month: Int(index - year * 12) + 1, day: 1).unixSeconds
        }
        let date = CivilTime(unixSeconds: start)
        var index = Int64(date.year) * 12 + Int64(date.month - 1)
        if instant(index) < start { index += 1 }
        index = -(-index).floorDivided(by: every) * every  // round up to a multiple of `every`
        var result: [Int64] = []
        while instant(index) <= end {
            result.append(instant(index))
            index += every
        }
        return result
    }

    /// The label of the tick at `instant` ("06:00", "06:15", "Mar 4", "Mar", "2027").
    func label(_ instant: Int64) -> String {
        let time = CivilTime(unixSeconds: instant)
        switch self {
        case .minutes, .hours:
            func twoDigits(_ n: Int) -> String { (n < 10 ? "0" : "") + String(n) }
            return twoDigits(time.hour) + ":" + twoDigits(time.minute)
        case .days, .weeks: return Self.monthNames[time.month - 1] + " " + String(time.day)
        case .months: return Self.monthNames[time.month - 1]
        case .years: return String(time.year)
        }
    }

    /// The calendar context shown under a label where it changes: the day under minutes and
    /// hours ("Mar 4"), the year under days, weeks and months ("2027"); years need none.
    func context(_ instant: Int64) -> String? {
        let time = CivilTime(unixSeconds: instant)
        switch self {
        case .minutes, .hours: return Self.monthNames[time.month - 1] + " " + String(time.day)
        case .days, .weeks, .months: return String(time.year)
        case .years: return nil
        }
    }
}

/// One labelled tick of the time axis.
struct TimeTick: Sendable, Equatable {
    /// Unix seconds, UTC.
    var instant: Int64
    /// The main label, e.g. "Mar 4" or "06:00".
    var label: String
    /// A second line under the label where the calendar context changes (and at the first
    /// tick), e.g. the year under "Jan 6", or the day under "00:00"; `nil` elsewhere.
    var context: String?
}

/// The ticks of a UTC time axis: the finest calendar step from `CalendarStep.ladder` that gives at
/// most `maxCount` ticks and leaves room between labels, then thinned so that no two labels
/// (estimated at 7 px a character) come closer than 10 px.
///
/// A 16-week span gets a tick every second Monday, two days every 6 hours, a year every month.
struct TimeTicks: Sendable, Equatable {
    /// The least space between two labels, in px.
    static let labelGap = 10.0

    /// The chosen step.
    var step: CalendarStep
    /// The labelled ticks, ascending.
    var ticks: [TimeTick]

    /// Ticks for the axis from `start` to `end` (Unix seconds, `start < end`) drawn over
    /// `plotWidth` px; labels may reach `leftRoom` and `rightRoom` px beyond the plot's edges.
    init(from start: Int64, through end: Int64, plotWidth: Double, maxCount: Int = 13,
         leftRoom: Double = 40, rightRoom: Double = 40) {
        precondition(start < end, "TimeTicks needs start < end, got \(start)…\(end)")
        let span = end - start
        var chosen: (step: CalendarStep, instants: [Int64])?
        for step in CalendarStep.ladder where span / step.longestSeconds <= Int64(maxCount) {
            let labelWidth = Double(step.labelCharacters) * TextMetrics.characterWidth
            let fitting = min(maxCount, Int(plotWidth / (labelWidth + 2 * Self.labelGap)) + 1)
            let instants = step.instants(from: start, through: end)
            chosen = (step, instants)
            if instants.count <= fitting { break }
        }
        let (step, instants) = chosen ?? (.years(100), CalendarStep.years(100).instants(from: start, through: end))
        self.step = step

        // Drop labels that would overlap their left neighbour or leave the allowed room.
        func x(_ t: Int64) -> Double { Double(t - start) / Double(span) * plotWidth }
        func extent(_ t: Int64, _ text: String) -> (Double, Double) {
            let half = TextMetrics.width(text) / 2
            return (x(t) - half, x(t) + half)
        }
        var kept: [TimeTick] = []
        var lastRight = -Double.infinity
        for t in instants {
            let label = step.label(t)
            let (left, right) = extent(t, label)
            guard left >= -leftRoom, right <= plotWidth + rightRoom, left >= lastRight + Self.labelGap else { continue }
            kept.append(TimeTick(instant: t, label: label))
            lastRight = right
        }
        // Context where it changes between kept ticks; on a clash the later (the change) wins.
        var previous: String?
        for i in kept.indices {
            let context = step.context(kept[i].instant)
            if context != previous { kept[i].context = context }
            previous = context
        }
        var nextLeft = Double.infinity
        for i in kept.indices.reversed() {
            guard let context = kept[i].context else { continue }
            let (left, right) = extent(kept[i].instant, context)
            if right + Self.labelGap > nextLeft || left < -leftRoom || right > plotWidth + rightRoom {
                kept[i].context = nil
            } else {
                nextLeft = left
            }
        }
        ticks = kept
    }
}
