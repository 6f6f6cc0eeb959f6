@_exported public import WhistleDispatchDomain
public import ServiceKit
import CityModel
import Contracts
import Credentials
public import Messaging

/// `whistle-dispatch`: takes each case onto its rung of the ladder and governs its life — the grid's and
/// the offices' own tasks, the whistle that summons departments, deadlines and durable timers on the work
/// calendar, reminders, supervision, returns, verification, ratings and rework — and answers every
/// status a resident or a department sees, and the evaluation of who is late.
public enum DispatchDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: DispatchStore, settings: ServiceSettings<DispatchOptions>) throws {
        try assembly.claim(streets: settings.options.streets, adopting: settings.options.adopt,   // refused if its store would strand a
                           openCases: try store.openCasesByStreet(), database: store.database)      // street's cases, or another owns one
        let rules = Governance(city: try City.configured(settings.city))
        let endpoints = DispatchEndpoints(store: store, rules: rules, clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: endpoints.handlers)
        assembly.serve("commands", bind: settings.options.commands, domain: .commands,
                       desk: assembly.desk(endpoints.commands, database: store.database))
        assembly.run(DueTimerService("timers", of: "dispatch", clock: assembly.clock, tick: .milliseconds(settings.options.timerTickMilliseconds),
                                     logger: assembly.logger, fire: DispatchTimers(store: store, rules: rules).fire))
        assembly.read("cases", endpoints.caseView)
        assembly.query("stats", endpoints.stats, spanning: OperationsServer.adding(StatsReport.self, by: StatsReport.adding))
    }
}

public typealias DispatchService = WhistleService<DispatchDefinition>
