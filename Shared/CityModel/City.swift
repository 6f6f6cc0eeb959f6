public import Contracts
public import Timekeeping

/// The city as Whistle sees it: grids inside communities inside streets inside a district, the
/// departments that report for duty, the categories of problems and how each is routed, the
/// people who work the grids, and residents. Loaded from one YAML file (`City.demo()` is embedded).
public struct City: Sendable, Codable, Equatable {
    public var district: Place
    public var streets: [Street]
    public var departments: [Department]
    public var categories: [Category]
    public var routes: [Route]
    /// Who notification can reach: the file's `residents:` list, then the rows of its `residentsFile`.
    public var residents: Residents
    /// A CSV of more residents (header row `id,name,phone,grid,webhook,email`), relative to the city file's folder:
    /// a city of hundreds of thousands of residents is read in a fraction of the time its YAML list would take.
    public var residentsFile: String?
    /// The rungs a case climbs, lowest first: `[grid, community, street]` (the "721" pattern) or with
    /// `district` on top ("4321"). Below the whistle each rung's own holder has the case; the office of
    /// the rung (community, street, district) may blow the whistle itself.
    public var ladder: [HandlingLevel]
    /// Where departments are summoned on a case's arrival (`whistle: street`), or `none` (only an office's
    /// whistle summons them); absent, the street or the first rung above it (see `whistleLevel`).
    public var whistle: AutomaticWhistle?
    public var calendar: WorkCalendar
    public var limits: Limits
    /// Sensors and gates: the registry, rules per type, residents under care (absent: no devices registered).
    public var devices: Devices?
    /// The households of the communities (协商议事: one vote each), with their exclusive area; absent: none
    /// registered in the file (the community offices may still register them by command).
    public var households: [Household]?

    /// `whistle:` in the city file: a rung, or `none`.
    public enum AutomaticWhistle: Sendable, Codable, Equatable {
        case at(HandlingLevel)
        /// `none`: departments come only when an office blows the whistle.
        case byHand

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if text == "none" { self = .byHand; return }
            guard let level = HandlingLevel(rawValue: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a rung (community, street, district) or none")
            }
            self = .at(level)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .at(let level): try container.encode(level.rawValue)
            case .byHand: try container.encode("none")
            }
        }
    }

    public struct Place: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        /// The district's command centre (指挥中心): works the district rung under "4321".
        public var office: Person?
        /// The district's joint mediation centre (联调中心): the top mediation tier, where a dispute the
        /// street could not settle is mediated jointly. Without one, mediation stops at the street.
        public var mediator: Person?
        /// The centre's other mediators: who takes a dispute when a party objects to the one who has it (回避).
        public var mediators: [Person]?
    }

    public struct Street: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        /// The street office (街道办): works the street rung, verifies what it whistled for, supervises.
        public var office: Person
        /// The street's people's mediation committee (街道人民调解委员会): the third mediation tier.
        /// Without one, a dispute the community could not settle goes to the district's.
        public var mediator: Person?
        /// The committee's mediators (调解员): who takes a dispute when a party objects to the one who has it (回避).
        public var mediators: [Person]?
        public var communities: [Community]
    }

    public struct Community: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        public var mediator: Person
        /// The committee's mediators (调解员) besides the grids': who takes a dispute at the grid or community tier when a
        /// party objects to the one who has it (回避).
        public var mediators: [Person]?
        /// The community office (社区居委会): works the community rung, may blow the whistle.
        public var office: Person
        public var grids: [Grid]
    }

    public struct Grid: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var worker: Person
        public var mediator: Person
        /// Address fragments that place a report in this grid when it has no coordinates.
        public var addresses: [String]
        /// A ring of [longitude, latitude] points, not closed.
        public var polygon: [[Double]]
    }

    public struct Person: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var phone: String?
    }

    public struct Department: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        /// Who stands duty (值班) for the department: they hear its tasks, 催办, overdue stages and 督办 while on duty.
        public var duty: [DutyOfficer]?
    }

    /// A department's duty officer: an id of their own (for their webhook, e-mail, phone and preferences), and the hours
    /// they are on duty each day on the city's clock (`08:30-17:30`; none: always).
    public struct DutyOfficer: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var phone: String?
        public var hours: String?
    }

    public struct Category: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        /// The lowest level that handles it: where a case of this category starts on the ladder.
        public var level: HandlingLevel
        public var priority: Priority
        /// The lead (主办) department; nil for disputes, which go to mediation.
        public var lead: String?
        /// Assisting (协办) departments.
        public var assist: [String]?
        public var dispute: Bool?
        /// CloudEvent types from sensors and gates that mean this category.
        public var sensors: [String]?
        /// Time limits for this category that differ from the city's, by rung.
        public var limits: [HandlingLevel: StageLimits]?
        /// A dispute's time at each mediation tier, when it differs from the city's `limits.mediation`.
        public var mediationLimit: TimeLimit?
        /// What the category asks of a reporter (Open311 service definition attributes).
        public var attributes: [Attribute]?

        public var isDispute: Bool { dispute ?? false }
        /// Emergencies skip the lower rungs: they start at the whistle.
        public var isEmergency: Bool { priority == .emergency }
    }

    /// How long each stage may take at each rung, and what the city allows for answering supervision and
    /// for rating.
    ///
    ///     limits:
    ///       grid: {handle: 4wh}
    ///       community: {handle: 1wd}
    ///       street: {acknowledge: 2wh, handle: 3wd}
    ///       supervision: 4wh
    ///       rating: 72h
    ///       mediation: 30d
    public struct Limits: Sendable, Codable, Equatable {
        public var levels: [HandlingLevel: StageLimits]
        /// A department has this long to answer a supervision order (督办).
        public var supervision: TimeLimit
        /// The reporter has this long to rate a resolved case before it closes unrated.
        public var rating: TimeLimit
        /// A mediation tier has this long with a dispute before it climbs to the next (people's mediation is
        /// usually finished within a month); a category may set its own (`mediationLimit`).
        public var mediation: TimeLimit

        enum CodingKeys: String, CodingKey { case grid, community, street, district, supervision, rating, mediation }

        public init(levels: [HandlingLevel: StageLimits], supervision: TimeLimit, rating: TimeLimit,
                    mediation: TimeLimit = TimeLimit(30, .days)) {
            (self.levels, self.supervision, self.rating, self.mediation) = (levels, supervision, rating, mediation)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            var levels: [HandlingLevel: StageLimits] = [:]
            for (key, level) in [(CodingKeys.grid, HandlingLevel.grid), (.community, .community), (.street, .street), (.district, .district)] {
                levels[level] = try container.decodeIfPresent(StageLimits.self, forKey: key)
            }
            self.levels = levels
            supervision = try container.decodeIfPresent(TimeLimit.self, forKey: .supervision) ?? TimeLimit(4, .workingHours)
            rating = try container.decodeIfPresent(TimeLimit.self, forKey: .rating) ?? TimeLimit(72, .hours)
            mediation = try container.decodeIfPresent(TimeLimit.self, forKey: .mediation) ?? TimeLimit(30, .days)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            for (key, level) in [(CodingKeys.grid, HandlingLevel.grid), (.community, .community), (.street, .street), (.district, .district)] {
                try container.encodeIfPresent(levels[level], forKey: key)
            }
            try container.encode(supervision, forKey: .supervision)
            try container.encode(rating, forKey: .rating)
            try container.encode(mediation, forKey: .mediation)
        }
    }

    /// The time limits of one rung: to report for duty (departments) and to handle.
    public struct StageLimits: Sendable, Codable, Equatable {
        public var acknowledge: TimeLimit?
        public var handle: TimeLimit?

        public init(acknowledge: TimeLimit? = nil, handle: TimeLimit? = nil) { (self.acknowledge, self.handle) = (acknowledge, handle) }
    }

    /// Overrides a category's departments in one street.
    public struct Route: Sendable, Codable, Equatable {
        public var category: String
        public var street: String
        public var lead: String
        public var assist: [String]?
    }

    /// A household of a community: its building, unit and door, the resident who represents it, and its
    /// exclusive area in m² (专有部分面积, what owners' votes are weighed by).
    public struct Household: Sendable, Codable, Equatable {
        public var id: String
        public var community: String
        public var building: String
        public var unit: String?
        public var door: String?
        public var representative: String?
        public var area: Double

        public init(id: String, community: String, building: String, unit: String? = nil, door: String? = nil,
                    representative: String? = nil, area: Double) {
            (self.id, self.community, self.building, self.unit, self.door) = (id, community, building, unit, door)
            (self.representative, self.area) = (representative, area)
        }
    }

    public struct Resident: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var phone: String?
        public var grid: String
        public var webhook: String?
        public var email: String?
    }
}
