@_exported public import WhistleMediationDomain
public import ServiceKit
import CityModel
import Contracts
import Credentials
public import Messaging

/// `whistle-mediation`: disputes open a mediation case with the tier of their level; mediators take them
/// through acceptance, the agreement, judicial confirmation and follow-up visits, or end their tier with them
/// (climbed to the next tier, referred) on the command endpoint; `GET /stats` counts them by tier, `GET
/// /agreements/<id>` prints an agreement. Community offices put questions to their households (协商议事), who vote one each; `GET
/// /proposals/<id>` shows one.
public enum MediationDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: MediationStore, settings: ServiceSettings<MediationOptions>) throws {
        try assembly.claim(streets: settings.options.streets, adopting: settings.options.adopt,   // refused if its store would strand a
                           openCases: try store.openCasesByStreet(), database: store.database)      // street's cases, or another owns one
        let city = try City.configured(settings.city)
        try store.register(city.households ?? [])
        let endpoints = MediationEndpoints(store: store, desk: MediationDesk(city: city), clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: endpoints.handlers)
        assembly.serve("commands", bind: settings.options.commands, domain: .mediation,
                       desk: assembly.desk(endpoints.commands, database: store.database))
        assembly.query("stats", endpoints.stats,
                       spanning: OperationsServer.adding(MediationStatsReport.self, by: MediationStatsReport.adding))
        assembly.run(DueTimerService("timers", of: "mediation", clock: assembly.clock,
                                     tick: .milliseconds(settings.options.timerTickMilliseconds), logger: assembly.logger, fire: endpoints.fireTimers))
        assembly.read("proposals", endpoints.proposalView)
        assembly.page("agreements", endpoints.agreementDocument)
    }
}

public typealias MediationService = WhistleService<MediationDefinition>
