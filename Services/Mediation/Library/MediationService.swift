@_exported public import WhistleMediationDomain
public import ServiceKit
import CityModel
import Credentials
public import Messaging

/// `whistle-mediation`: disputes open a mediation case with the tier of their level; mediators end their
/// tier with them on the command endpoint (settled, climbed to the next tier, referred); `GET /stats` counts
/// them by tier. Community offices put questions to their households (协商议事), who vote one each; `GET
/// /proposals/<id>` shows one.
public enum MediationDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: MediationStore, settings: ServiceSettings<MediationOptions>) throws {
        let city = try City.configured(settings.city)
        try store.register(city.households ?? [])
        let endpoints = MediationEndpoints(store: store, desk: MediationDesk(city: city), clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: endpoints.handlers)
        assembly.serve("commands", bind: settings.options.commands, domain: .mediation,
                       desk: assembly.desk(endpoints.commands, database: store.database))
        assembly.query("stats", endpoints.stats)
        assembly.run(DueTimerService("time limits", of: "mediation", clock: assembly.clock,
                                     tick: .milliseconds(settings.options.timerTickMilliseconds), logger: assembly.logger, fire: endpoints.fireTimeLimits))
        assembly.run(DueTimerService("closings", of: "mediation", clock: assembly.clock,
                                     tick: .milliseconds(settings.options.timerTickMilliseconds), logger: assembly.logger, fire: endpoints.fireClosings))
        assembly.read("proposals", endpoints.proposalView)
    }
}

public typealias MediationService = WhistleService<MediationDefinition>
