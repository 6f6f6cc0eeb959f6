/// What a key may do in the suite, by the kind of party that holds it.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// A service instance (`intake-1`, `dispatch-s01` …): publishes under its own producer name, reads
    /// every topic, serves and uses every endpoint.
    case service
    /// A department (`cg` …): receives its own tasks and acts on them.
    case department
    /// A grid worker, a community, street or district office, or a mediator (`gw-g03`, `co-c01`,
    /// `so-s01`, `med-g03` …): reads its own tasks and acts on the cases of its area.
    case staff
    /// An integrator (a resident app, a sensor gateway): sends the event types and sources its
    /// certificate lists to intake, and ratings on its residents' behalf.
    case integrator
    /// An operator: reads everything, sends reports and ratings, publishes nothing on the bus.
    case `operator`
}

/// The ZAP domains of the suite's listening sockets: each says which roles may connect to it.
public enum SecurityDomain: String, Sendable, CaseIterable {
    /// The bus's XSUB side, where producers publish.
    case busPublish = "bus-publish"
    /// The bus's XPUB side, where subscribers read.
    case busSubscribe = "bus-subscribe"
    /// A producer's replay ROUTER.
    case replay
    /// Intake's ingest.
    case ingest
    /// Dispatch's commands (departments, staff, ratings).
    case commands
    /// Mediation's commands: mediators', offices' proposals, households' votes (from the resident app).
    case mediation
    /// Notification's commands: operators' redrives; recipients' preferences (staff, departments, the resident app).
    case notification

    /// The roles that may connect at all (what each may then do is checked per message).
    public var roles: Set<Role> {
        switch self {
        case .busPublish: Set(Role.allCases)          // the bus checks each message: only a service, under its own name
        case .busSubscribe: Set(Role.allCases)
        case .replay: [.service, .department, .staff, .operator]
        case .ingest: [.service, .integrator, .staff, .operator]
        case .commands: [.service, .department, .staff, .integrator, .operator]
        case .mediation: [.service, .staff, .integrator, .operator]
        case .notification: [.service, .department, .staff, .integrator, .operator]
        }
    }
}
