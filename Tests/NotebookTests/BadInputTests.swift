import Foundation
import Testing

/// Bad input, the way a new user and a careless operator give it: every case names its exit code
/// and the words its message must hold. The cases run in order in one folder, which
/// `BadInput/setup.sh` fills with CSVs, traces, a database and a job.
@Suite("Bad input: exit codes and messages", .serialized)
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let script: String
        let exit: Int32
        let says: String
        init(_ script: String, exit: Int32, says: String) {
            self.script = script
            self.exit = exit
            self.says = says
        }
        var testDescription: String { String(script.prefix(90)) }
    }

    static let cases: [Case] = [
        Case("headroom frobnicate", exit: 64, says: "Unexpected argument 'frobnicate'"),
        Case("headroom run", exit: 64, says: "Missing expected argument '<job>'"),
        Case("headroom run missing.yaml", exit: 66, says: "missing.yaml: no such job file"),
        Case("headroom run job.yaml --horizon 0", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("headroom run job.yaml --horizon=-3", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("headroom run job.yaml --horizon 99999999999w", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("headroom run job.yaml --horizon 1043w", exit: 64, says: "--horizon 1043w is 175224 steps of 1h; at most 100000 steps "),
        Case("headroom run job.yaml --horizon soon", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("printf 'database: db.sqlite\\nhorizion: 1d\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'horizion': is not a known key; expected"),
        Case("printf 'horizon: 1d\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 1: key 'database': is required: the path of the"),
        Case("printf 'database: db.sqlite\\nhorizon: 5218w\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'horizon': expected at most 100000 steps"),
        Case("printf 'database: db.sqlite\\nstep: 7x\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'step': expected a step such as 5m, 15m,"),
        Case("printf 'database: db.sqlite\\nmodels: [prophet]\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'models': unknown model 'prophet'; avail"),
        Case("printf 'database: db.sqlite\\nlevels: [120]\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'levels': expected a level strictly betw"),
        Case("printf 'database: db.sqlite\\nplatform: azure\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'platform': expected kubernetes or aws, "),
        Case("printf 'database: db.sqlite\\nnamespace: Bad_NS\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'namespace': expected a Kubernetes names"),
        Case("printf 'database: db.sqlite\\nquarter: 2027Q7\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'quarter': expected a year and quarter s"),
        Case("printf 'database: db.sqlite\\nautoscaling: {min_instances: 5, max_instances: 2}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'autoscaling': min_instances (5) exceeds"),
        Case("printf 'database: db.sqlite\\nautoscaling: {target_cpu: 150%%}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'autoscaling.target_cpu': expected a per"),
        Case("printf 'database: db.sqlite\\nautoscaling: {step: 7q}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'autoscaling.step': expected a replay st"),
        Case("printf 'database: db.sqlite\\nautoscaling: {holdout: 1h}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'autoscaling.holdout': expected at least"),
        Case("printf 'database: db.sqlite\\nanomalies: {max_anoms: 0.9}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'anomalies.max_anoms': expected a share "),
        Case("printf 'database: db.sqlite\\nanomalies: {treatment: delete}\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'anomalies.treatment': expected exclude,"),
        Case("printf 'database: db.sqlite\\nevents: [{name: x, start: 2026-07-10, end: 2026-07-09}]\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'events.end': the end must come after th"),
        Case("printf 'database: db.sqlite\\ninstance_sizes: [{name: big, cpu: -1, memory: 8GiB}]\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'instance_sizes': cpu and memory must be"),
        Case("printf 'database: db.sqlite\\nbusy_timeout: soon\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 2: key 'busy_timeout': expected a duration that"),
        Case("printf 'database: [db.sqlite\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: is not valid YAML: 2:1: error: parser: while parsing"),
        Case("printf -- '- a\\n- b\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "j.yaml: line 1: expected a mapping of keys such as database,"),
        Case("printf 'database: nothere.sqlite\\n' > j.yaml; headroom run j.yaml", exit: 66, says: "nothere.sqlite: no such file"),
        Case("mkdir -p afolder; printf 'database: afolder\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "afolder: is a folder; expected an SQLite history database fi"),
        Case("printf 'not a database' > junk.sqlite; printf 'database: junk.sqlite\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "junk.sqlite: SQLite error 26: file is not a database (while "),
        Case("printf 'database: db.sqlite\\nseries: [{services: [nobody]}]\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "db.sqlite: no series match the job's `series` selection"),
        Case("printf 'database: db.sqlite\\nquery: \"SELECT 1\"\\n' > j.yaml; headroom run j.yaml", exit: 65, says: "db.sqlite: the job's query returned no column 'service'; it "),
        Case("printf 'database: db.sqlite\\nquery: \"SELECT service, metric, ts, %sn/a%s AS value FROM samples JOIN series ON series.id = samples.series_id\"\\n' \"'\" \"'\" > j.yaml; headroom run j.yaml", exit: 65, says: "db.sqlite: the job's query returned row 1 for api/cpu_cores "),
        Case("mkdir -p notes; echo hi > notes/keep.txt; headroom run job.yaml --output notes", exit: 73, says: "notes: the folder exists and is not a Headroom report (no ru"),
        Case("headroom run job.yaml --output /proc/headroom-out", exit: 73, says: "/proc/.headroom-out.headroom-lock: cannot write: No such fil"),
        Case("headroom plan job.yaml --quarter 2026Q1", exit: 65, says: "quarter 2026Q1 starts before the history ends (2026-07-26); "),
        Case("headroom plan job.yaml --quarter Q9", exit: 64, says: "--quarter takes a year and quarter such as 2027Q1; found 'Q9"),
        Case("headroom forecast --csv good.csv --horizon 9223372036854775807 --output f.csv", exit: 64, says: "--horizon is 9223372036854775807 steps of 1h; at most 100000"),
        Case("headroom forecast --csv good.csv --horizon 99999999999w --output f.csv", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("headroom forecast --csv good.csv --horizon 0 --output f.csv", exit: 64, says: "--horizon takes a positive number of steps (48) or a duratio"),
        Case("headroom forecast --csv good.csv --horizon 24 --model prophet --output f.csv", exit: 64, says: "Unknown model 'prophet'; choose one of naive, snaive, drift,"),
        Case("headroom forecast --csv good.csv --horizon 24 --levels 80,150 --output f.csv", exit: 64, says: "--levels takes percentages strictly between 0 and 100, comma"),
        Case("headroom forecast --csv good.csv --horizon 24 --period 1 --output f.csv", exit: 64, says: "--period takes a number of steps of at least 2 (24) or a dur"),
        Case("headroom forecast --csv missing.csv --horizon 24 --output f.csv", exit: 66, says: "missing.csv: no such file"),
        Case("headroom forecast --csv abc.csv --horizon 24 --output f.csv", exit: 65, says: "abc.csv: line 4: column 'value' holds 'abc'; expected a fini"),
        Case("headroom forecast --csv extra.csv --horizon 24 --output f.csv", exit: 65, says: "extra.csv: line 6: 3 fields; the header names 2, so the extr"),
        Case("headroom forecast --csv short.csv --horizon 24 --output f.csv", exit: 65, says: "short.csv: line 5: 1 field; expected 2 as in the header"),
        Case("headroom forecast --csv inf.csv --horizon 24 --output f.csv", exit: 65, says: "inf.csv: line 7: column 'value' holds '1e309'; expected a fi"),
        Case("headroom forecast --csv badts.csv --horizon 24 --output f.csv", exit: 65, says: "badts.csv: line 3: column 'timestamp' holds 'yesterday'; exp"),
        Case("headroom forecast --csv empty.csv --horizon 24 --output f.csv", exit: 65, says: "empty.csv: the file is empty; expected a header line and at "),
        Case("headroom forecast --csv headeronly.csv --horizon 24 --output f.csv", exit: 65, says: "headeronly.csv: line 2: column '-' holds '(end of file)'; ex"),
        Case("headroom forecast --csv onepoint.csv --horizon 24 --output f.csv", exit: 65, says: "onepoint.csv: needs at least two distinct timestamps to infe"),
        Case("headroom forecast --csv three.csv --horizon 1000 --output f.csv", exit: 65, says: "three.csv: 3 points of history cannot carry a forecast 1000 "),
        Case("headroom forecast --csv huge.csv --horizon 24 --model trend --output f.csv", exit: 65, says: "huge.csv: the forecast overflows (values up to 1.66458333333"),
        Case("headroom forecast --csv gap.csv --horizon 24 --output f.csv", exit: 0, says: "gap.csv: 240 missing steps of 1h filled by linear interpolat"),
        Case("mkdir -p afolder; headroom forecast --csv afolder --horizon 24 --output f.csv", exit: 65, says: "afolder: is a folder; expected a CSV file"),
        Case("headroom decompose --csv good.csv --period 400 --output d.csv", exit: 65, says: "good.csv: STL needs at least 2 full periods: 504 observation"),
        Case("headroom decompose --csv good.csv --period 24 --seasonal 8 --output d.csv", exit: 65, says: "good.csv: seasonal must be an odd positive integer >= 3, got"),
        Case("headroom decompose --csv good.csv --output d.csv", exit: 64, says: "Missing expected argument '--period <period> ...'"),
        Case("headroom detect --csv good.csv --max-anoms 0.9 --output a.csv", exit: 64, says: "--max-anoms must be above 0 and below 0.49; found 0.9."),
        Case("headroom detect --csv missing.csv --output a.csv", exit: 66, says: "missing.csv: no such file"),
        Case("headroom ingest db2.sqlite --csv good.csv", exit: 65, says: "good.csv: a timestamp,value file needs --service and --metri"),
        Case("headroom ingest db2.sqlite --csv abc.csv --service a --metric b", exit: 65, says: "abc.csv: line 4: column 'value' holds 'abc'; expected a fini"),
        Case("headroom ingest db2.sqlite --csv long.csv", exit: 65, says: "long.csv: line 3: column 'service' holds ''; expected a non-"),
        Case("headroom ingest nofolder/db.sqlite --csv good.csv --service a --metric b", exit: 73, says: "nofolder/db.sqlite: cannot write: the folder nofolder does n"),
        Case("python3 -c \"import sqlite3; c=sqlite3.connect('foreign.sqlite'); c.execute('create table orders(id)'); c.commit()\"; headroom ingest foreign.sqlite --csv good.csv --service a --metric b", exit: 65, says: "foreign.sqlite: holds tables of another schema (orders); Hea"),
        Case("headroom ingest db.sqlite --csv good.csv --service api --metric cpu_cores --unit GiB", exit: 65, says: "db.sqlite: series api/cpu_cores is stored in 'cores', and th"),
        Case("headroom ingest db.sqlite --events events-bad.csv", exit: 65, says: "events-bad.csv: line 2: column 'end' holds '2026-07-09'; exp"),
        Case("headroom ingest db.sqlite --events events.csv; headroom ingest db.sqlite --events events.csv; python3 -c \"import sqlite3; print(sqlite3.connect('db.sqlite').execute('select count(*) from events').fetchone()[0], 'events')\"", exit: 0, says: "1 events"),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 2 --max 1000000000 --target 70 --output s.csv", exit: 64, says: "--max must be at most 10000 instances (the simulator holds e"),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 2 --max 10 --initial 50 --target 70 --output s.csv", exit: 64, says: "--initial must be within --min and --max (2–10); found 50."),
        Case("headroom simulate --trace trace.csv --policy hpa --request 0 --min 2 --max 10 --target 70 --output s.csv", exit: 64, says: "--request must be a positive number of cores; found 0.0."),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 5 --max 3 --target 70 --output s.csv", exit: 64, says: "--max must be at least 1 and at least --min (5); found 3."),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 2 --max 10 --target 70.5 --output s.csv", exit: 64, says: "target is 70.5; expected a whole percent for the HPA (averag"),
        Case("headroom simulate --trace trace-neg.csv --policy hpa --request 1 --min 2 --max 10 --target 70 --output s.csv", exit: 65, says: "trace-neg.csv: line 3: demand_cores is -2.0; expected cores "),
        Case("headroom simulate --trace trace-uneven.csv --policy hpa --request 1 --min 2 --max 10 --target 70 --output s.csv", exit: 65, says: "trace-uneven.csv: line 4: timestamp 45 is 30 s after the pre"),
        Case("headroom simulate --trace trace.csv --policy scheduled --request 1 --min 2 --max 10 --target 70 --output s.csv", exit: 64, says: "--policy scheduled needs --forecast FILE (timestamp,upper_co"),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 2 --max 10 --target 70 --up-policy Pods:x:15 --output s.csv", exit: 64, says: "--up-policy: 'Pods:x:15' is not Type:value:periodSeconds wit"),
        Case("headroom simulate --trace missing.csv --policy hpa --request 1 --min 2 --max 10 --target 70 --output s.csv", exit: 66, says: "missing.csv: no such file"),
        Case("headroom eval autoscaling missing.yaml", exit: 66, says: "missing.yaml: no such job file"),
        Case("headroom series missing.sqlite", exit: 66, says: "missing.sqlite: no such file"),
        Case("headroom demo generate --fleet nope", exit: 64, says: "The value 'nope' is invalid for '--fleet <fleet>'. Please pr"),
        Case("headroom ingest db.sqlite --csv good.csv --service api --metric cpu_cores --unit cores", exit: 0, says: "db.sqlite: 504 rows from good.csv, 0 new series"),
        Case("cp db.sqlite mixed.sqlite; headroom ingest mixed.sqlite --csv short-series.csv >/dev/null; printf 'database: mixed.sqlite\\nhorizon: 1d\\noutput: mixed-out\\n' > m.yaml; headroom run m.yaml", exit: 2, says: "skipped web/cpu_cores"),
        Case("cp db.sqlite mixed2.sqlite; headroom ingest mixed2.sqlite --csv short-series.csv >/dev/null; printf 'database: mixed2.sqlite\\nhorizon: 1d\\noutput: mixed-out2\\n' > m2.yaml; headroom run m2.yaml --strict", exit: 65, says: "--strict: a skipped series fails"),
        Case("headroom run job.yaml --output fresh-out && headroom run job.yaml --output fresh-out >/dev/null && ls fresh-out | head -3", exit: 0, says: "fresh-out/report.md: 1 series, 0 service plans"),
        Case("headroom forecast --csv good.csv --horizon 1043w --output f.csv", exit: 64, says: "--horizon is 175224 steps of 1h; at most 100000 steps ahead "),
        Case("headroom simulate --trace trace.csv --policy hpa --request 1 --min 2 --max 10 --target 70 --output s.csv --summary s.json && head -c 1 s.json", exit: 0, says: "{"),
        Case("cp db.sqlite busy.sqlite; printf 'database: busy.sqlite\\nbusy_timeout: 1s\\nhorizon: 1d\\noutput: busy-out\\n' > busy.yaml; python3 -c \"import sqlite3,time; c=sqlite3.connect('busy.sqlite', isolation_level=None); c.execute('BEGIN EXCLUSIVE'); c.execute('UPDATE samples SET value = value'); time.sleep(3)\" & sleep 0.7; headroom run busy.yaml; code=$?; wait; exit $code", exit: 75, says: "busy.sqlite: locked by another writer for more than 1 s"),
        Case("cp db.sqlite hot.sqlite; python3 -c \"import sqlite3,os,signal; c=sqlite3.connect('hot.sqlite', isolation_level=None); c.execute('PRAGMA cache_size=1'); c.execute('BEGIN'); c.execute('UPDATE samples SET value = value + 1'); os.kill(os.getpid(), signal.SIGKILL)\" 2>/dev/null; printf 'database: hot.sqlite\\nhorizon: 1d\\noutput: hot-out\\n' > hot.yaml; headroom run hot.yaml", exit: 65, says: "left hot.sqlite-journal (a hot journal)"),
    ]

    /// The folder the cases share, set up once.
    static let folder: String = {
        let folder = NSTemporaryDirectory() + "headroom-bad-input-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let setup = NotebookTests.root.appendingPathComponent("Tests/NotebookTests/BadInput/setup.sh").path
        let (code, output) = run("bash \(setup)", in: folder)
        precondition(code == 0, "BadInput/setup.sh failed: \(output)")
        return folder
    }()

    static func run(_ script: String, in folder: String) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = (try! NotebookTests.binaryFolder()) + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try! process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("at least 60 cases, each with its exit code and message")
    func corpusSize() {
        #expect(Self.cases.count >= 60)
    }

    @Test("each bad input gets its exit code and a message that names the problem", arguments: cases)
    func badInput(_ c: Case) {
        let (code, output) = Self.run(c.script, in: Self.folder)
        #expect(code == c.exit, "exit \(code), expected \(c.exit): \(output)")
        #expect(output.contains(c.says), "the message should say '\(c.says)': \(output)")
        #expect(!output.contains("Fatal error") && !output.contains("Stack dump"), "no crash: \(output)")
    }
}
