public import Contracts

/// The city as Whistle sees it: grids inside communities inside streets inside a district, the
/// departments that report for duty, the categories of problems and how each is routed, the
/// people who work the grids, and residents. Loaded from one YAML file (`City.demo()` is embedded).
public struct City: Sendable, Codable, Equatable {
    public var district: Place
    public var streets: [Street]
    public var departments: [Department]
    public var categories: [Category]
    public var routes: [Route]
    public var residents: [Resident]

    public struct Place: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
    }

    public struct Street: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        public var communities: [Community]
    }

    public struct Community: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var english: String?
        public var mediator: Person
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

        public var isDispute: Bool { dispute ?? false }
    }

    /// Overrides a category's departments in one street.
    public struct Route: Sendable, Codable, Equatable {
        public var category: String
        public var street: String
        public var lead: String
        public var assist: [String]?
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
