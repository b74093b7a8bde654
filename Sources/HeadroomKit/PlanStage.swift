import Anomaly
import Autoscaling
import Capacity
import Forecasting
import Linalg
import Reporting
import Store
import TimeSeries

extension Pipeline {
    /// The plan stage: one ``ServicePlan`` per service of the `services` table that the run has
    /// series of, in parallel, with the quarterly sizing and SLO compliance beside them.
    /// `asOf` is the history's last timestamp over the whole run (default: over `series`), so that a
    /// run planned a batch at a time dates every plan alike.
    public func plan(_ series: [SeriesResult], history: History, skipped: [SkippedSeries] = [], asOf: Int64? = nil) throws(HeadroomError) -> RunResult {
        let asOf = asOf ?? series.map(\.series.end).max() ?? 0
        let deployments = history.services.map(Self.deployment)
        let quarter = job.quarter ?? Quarter.next(after: asOf)
        if let explicit = job.quarter, explicit.start < asOf {
            throw .badData("quarter \(explicit) starts before the history ends (\(TimestampFormat.date.format(asOf))); plan a later quarter")
        }
        let planned = deployments.filter { d in series.contains { $0.key.service == d.service } }.sorted { $0.service < $1.service }
        let daily = dailyPeaks(history.raw.filter { raw in planned.contains { $0.service == raw.key.service } }, through: quarter.end,
                               events: history.events)
        let settings = planSettings
        let job = job
        let replays = replaySeries(history.raw.filter { raw in planned.contains { $0.service == raw.key.service } }, window: settings.study.historyWindow)
        let outcomes = planned.parallelMap { d -> Result<ServicePlan, SimulationError> in
            let slo = job.slo(for: d.service)
            var inputs = ServicePlan.Inputs(deployment: d, asOf: asOf, forecasts: [:], quarter: quarter)
            for resource in Resource.allCases {
                guard let result = series.unlabelled(d.service, resource.metric) else { continue }
                inputs.forecasts[resource] = Self.resourceForecast(resource, result)
                inputs.dailyPeaks[resource] = daily[SeriesKey(service: d.service, metric: resource.metric)]
            }
            if let cpu = series.unlabelled(d.service, Resource.cpu.metric), let requests = series.unlabelled(d.service, "requests_per_second"),
               let cores = d.size(of: .cpu) {
                inputs.latency = LatencyTarget.estimate(cpu: cpu.series, requests: requests.series, coresPerInstance: cores, p99Seconds: slo.latencyP99)
            }
            inputs.replay = replays[d.service]
            if inputs.replay == nil, let cpu = series.unlabelled(d.service, Resource.cpu.metric),
               let maximum = stepMaxima(history.raw, service: d.service) {
                // Learned before the held-out weeks only: they must stay unseen by the choice.
                inputs.variation = WithinStepVariation.learned(mean: cpu.series, maximum: maximum, name: d.service,
                                                               before: asOf - settings.study.holdout)
            }
            var own = settings
            own.saturationBudget = max(0, 1 - slo.availability / 100)
            do throws(SimulationError) { return .success(try ServicePlan.make(inputs, settings: own)) } catch { return .failure(error) }
        }
        var plans: [ServicePlan] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let plan): plans.append(plan)
            case .failure(let error): throw .simulation(error)
            }
        }
        let compliance = Set(series.map(\.key.service)).sorted().compactMap { service -> SLOCompliance? in
            var metrics: [String: Series] = [:]
            for r in SLOCompliance.recognised { metrics[r.metric] = series.unlabelled(service, r.metric)?.series }
            return SLOCompliance.evaluate(service: service, series: metrics, objectives: Self.objectives(job.slo(for: service)))
        }
        return RunResult(settings: runSettings, series: series, deployments: deployments, plans: plans, compliance: compliance, asOf: asOf,
                         skipped: skipped)
    }

    /// The decision's settings, from the job.
    var planSettings: ServicePlan.Settings {
        var s = ServicePlan.Settings()
        s.targetCPU = job.autoscaling.targetCPU
        s.defaultMinInstances = job.autoscaling.minInstances
        s.defaultMaxInstances = job.autoscaling.maxInstances
        s.scaleUpCooldown = Int64(job.autoscaling.scaleUpCooldown)
        s.scaleDownCooldown = Int64(job.autoscaling.scaleDownCooldown)
        s.study.startup = Int64(job.autoscaling.startup.rounded(.up))
        s.study.platform = job.platform
        s.study.holdout = Int64(job.autoscaling.holdout)
        s.instanceSizes = job.instanceSizes
        return s
    }

    /// Each service's CPU demand at the replay's resolution, where that is finer than the job's step:
    /// the job's `autoscaling.step`, else the raw samples' own spacing (their median). The last
    /// `window` seconds, on a grid of that step (mean per step, short gaps filled).
    func replaySeries(_ raw: [RawSamples], window: Int64) -> [String: Series] {
        var out: [String: Series] = [:]
        for samples in raw where samples.key.metric == Resource.cpu.metric && samples.key.isUnlabelled {
            // Only samples at least as fine as the replay's step, and a step finer than the job's: never interpolated detail.
            guard let last = samples.timestamps.max(), let native = TimeStep.medianSpacing(of: samples.timestamps, recent: 2_000),
                  let step = job.autoscaling.step.map({ TimeStep(seconds: $0) }) ?? Optional(native),
                  step.seconds < job.step.seconds, native.seconds <= step.seconds
            else { continue }
            let keep = samples.timestamps.indices.filter { samples.timestamps[$0] > last - window }
            let regularizer = Regularizer(step: step, aggregation: .mean, longGap: job.maxGap)
            guard let prepared = try? regularizer.prepare(name: samples.key.description, unit: samples.unit, timestamps: keep.map { samples.timestamps[$0] },
                                                          values: keep.map { samples.values[$0] }) else { continue }
            out[samples.key.service] = prepared.series
        }
        return out
    }

    /// A service's raw `cpu_cores_max` samples at the maximum of each of the job's steps.
    func stepMaxima(_ raw: [RawSamples], service: String) -> Series? {
        guard let samples = raw.first(where: { $0.key.service == service && $0.key.metric == Resource.cpu.metric + "_max"
            && $0.key.isUnlabelled }) else { return nil }
        return try? Regularizer(step: job.step, aggregation: .max, longGap: job.maxGap)
            .prepare(name: samples.key.description, unit: samples.unit, timestamps: samples.timestamps, values: samples.values).series
    }

    /// What the report says of the run's set-up.
    public var runSettings: RunSettings {
        var settings = RunSettings(title: job.name, levels: job.levels, models: job.models.map(\.name), horizon: job.horizon,
                                   aggregation: job.aggregation, treatment: job.anomalies.enabled ? job.anomalies.treatment : nil,
                                   drivers: job.drivers, objectives: Self.objectives(job.slo), throughput: job.slo.throughput,
                                   serviceObjectives: job.serviceObjectives.mapValues(Self.objectives), platform: job.platform,
                                   namespace: job.namespace, startup: Int64(job.autoscaling.startup.rounded(.up)))
        settings.detail = job.detail
        settings.step = job.step
        settings.periods = periods
        return settings
    }

    static func objectives(_ slo: ServiceLevelObjectives) -> SLOCompliance.Objectives {
        SLOCompliance.Objectives(availability: slo.availability, latencyP99: slo.latencyP99, errorRate: slo.errorRate)
    }

    static func deployment(_ p: ServiceProfile) -> Deployment {
        Deployment(service: p.name, instanceCPU: p.instanceCPU, instanceMemoryGiB: p.instanceMemoryGiB, instances: p.instances,
                   minInstances: p.minInstances, maxInstances: p.maxInstances, zones: p.zones, stateful: p.stateful ?? false,
                   pricePerInstanceHour: p.costPerInstanceHour)
    }

    /// A resource's forecast as the plan reads it: mean and widest band, the recent history, the
    /// held-out coverage of its model and whether a level shift sits in the last quarter of the history.
    static func resourceForecast(_ resource: Resource, _ r: SeriesResult) -> ServicePlan.ResourceForecast {
        let f = r.primary.forecast
        let lastQuarter = r.series.start + (r.series.end - r.series.start) * 3 / 4
        return ServicePlan.ResourceForecast(resource: resource, timestamps: (0..<f.horizon).map(f.timestamp(at:)), mean: f.mean,
                                            upper: f.widestUpper, upperLevel: f.intervals.last?.level ?? 0, recent: r.series,
                                            heldOutCoverage: r.selection?.heldOutCoverage,
                                            recentBreak: r.anomalies.contains { $0.kind == .levelShift && $0.start >= lastQuarter })
    }

    /// Days with the most load: CPU and memory at the maximum of each UTC day, forecast with `auto`
    /// through `end` (the quarter's end); in parallel over series. A series too short to forecast
    /// is left out (its service then has no quarterly sizing).
    func dailyPeaks(_ raw: [RawSamples], through end: Int64, events: [StoredEvent]) -> [SeriesKey: DailyPeakForecast] {
        let day = TimeStep.day
        let regularizer = Regularizer(step: day, aggregation: .max, longGap: 3 * day.seconds)
        let periods = ModelCatalog.defaultPeriods(step: day)
        let (settings, jobEvents, levels) = (job.anomalies, job.events, [95.0])
        let selected = raw.filter { r in Resource(metric: r.key.metric) != nil && r.key.isUnlabelled }
        BLASThreads.set(1)
        let forecasts = selected.parallelMap { samples -> (SeriesKey, DailyPeakForecast)? in
            guard let prepared = try? regularizer.prepare(name: samples.key.description, unit: samples.unit,
                                                          timestamps: samples.timestamps, values: samples.values) else { return nil }
            let horizon = Int((end - prepared.series.end + day.seconds - 1) / day.seconds)
            guard horizon > 0 else { return nil }
            let history = Self.treatAnomalies(prepared.series, settings: settings, periods: periods,
                                              known: Self.knownEvents(events, job: jobEvents, service: samples.key.service)).history
            guard let fit = try? ModelSpec.auto.model(ModelContext(periods: periods, horizon: horizon)).fit(history) else { return nil }
            let f = fit.predict(horizon: horizon, levels: levels)
            return (samples.key, DailyPeakForecast(timestamps: (0..<f.horizon).map(f.timestamp(at:)), mean: f.mean, upper: f.widestUpper))
        }
        return Dictionary(forecasts.compactMap { $0 }, uniquingKeysWith: { a, _ in a })
    }
}
