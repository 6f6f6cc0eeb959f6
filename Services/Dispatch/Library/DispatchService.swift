public import ServiceKit
import CityModel
public import Messaging

/// `whistle-dispatch`: routes cases to departments and owns each case's life — department commands,
/// mediation's outcomes, every status a resident or a department sees.
public enum DispatchDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: DispatchStore, settings: ServiceSettings<DispatchOptions>) throws {
        let dispatcher = Dispatcher(city: try City.configured(settings.city), acknowledgeWithin: settings.options.acknowledgeMinutes * 60)
        let endpoints = DispatchEndpoints(store: store, dispatcher: dispatcher, clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: endpoints.handlers)
        assembly.serve("commands", bind: settings.options.commands, answer: endpoints.commands(assembly).answer)
        assembly.read("cases", endpoints.caseView)
    }
}

public typealias DispatchService = WhistleService<DispatchDefinition>
