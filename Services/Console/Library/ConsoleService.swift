@_exported public import WhistleConsoleDomain
public import ServiceKit
import CityModel
import Credentials
public import Messaging
import ZeroMQ

/// `whistle-console`: the command centre's web console. Its read model of the cases follows intake's reports and
/// dispatch's steps into its own store; its pages (map, cases, each case) are live by Server-Sent Events for staff
/// signed in with their keys, each seeing only their area. It owns no decisions.
public enum ConsoleDefinition: ReadModelDefinition {
    /// What `whistle-console --rebuild` empties and builds again; the audit and the sessions are the console's own.
    public static let readModelTables = ["console_case", "console_step", "console_task", "console_mediation", "console_proposal"]

    public static func wire(_ assembly: ServiceAssembly, store: ConsoleStore, settings: ServiceSettings<ConsoleOptions>) throws {
        let city = try City.configured(settings.city)
        let feed = LiveFeed()
        let follower = CaseBoardFollower(store: store, city: city, clock: assembly.clock, feed: feed)
        let mediation = MediationBoardFollower(store: store, city: city, clock: assembly.clock, feed: feed)
        let deliberation = DeliberationBoardFollower(store: store, clock: assembly.clock, feed: feed)
        var handlers = follower.handlers
        mediation.register(&handlers)
        deliberation.register(&handlers)
        // A read model off the critical path: events share commits for up to 5 ms.
        assembly.consume(follower.subscriptions + mediation.subscriptions + deliberation.subscriptions, database: store.database, handlers: handlers,
                         lingerMilliseconds: 5)
        let dispatch = DispatchLine(address: settings.options.dispatch, server: settings.options.dispatchName, context: assembly.context,
                                    security: assembly.security)
        assembly.run(dispatch)
        let key = assembly.security.own?.apiKey
        let reads = ServiceReads(dispatch: ReadLine(base: settings.options.dispatchReads, apiKey: key, service: "dispatch"),
                                 mediation: ReadLine(base: settings.options.mediationReads, apiKey: key, service: "mediation"),
                                 intake: ReadLine(base: settings.options.intakeReads, apiKey: key, service: "intake"))
        let server = try ConsoleServer(options: settings.options, city: city, store: store, feed: feed, dispatch: dispatch, reads: reads,
                                       keyRing: assembly.security.keyRing, clock: assembly.clock, logger: assembly.logger)
        assembly.run(server, announcing: [("web", { await server.address.value })])
    }
}

public typealias ConsoleService = WhistleService<ConsoleDefinition>
