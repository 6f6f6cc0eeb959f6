@_exported public import WhistleMediationDomain
public import ServiceKit
import CityModel
import Credentials
public import Messaging

/// `whistle-mediation`: disputes open a mediation case with the mediator of their level; mediators
/// conclude them on the command endpoint.
public enum MediationDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: MediationStore, settings: ServiceSettings<MediationOptions>) throws {
        let endpoints = MediationEndpoints(store: store, desk: MediationDesk(city: try City.configured(settings.city)), clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: endpoints.handlers)
        assembly.serve("commands", bind: settings.options.commands, domain: .mediation,
                       desk: assembly.desk(endpoints.commands, database: store.database))
    }
}

public typealias MediationService = WhistleService<MediationDefinition>
