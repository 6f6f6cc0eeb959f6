public import CityModel
public import Contracts

/// The case list's filters, from the page's query: each one named is checked against the city and the
/// vocabularies, and a value that names nothing is refused with what it may be.
public struct CaseFilter: Sendable, Equatable {
    public var area: String?
    public var category: String?
    public var level: HandlingLevel?
    public var light: Light?
    public var status: CaseStatus?
    /// Only cases a task was given to this department on.
    public var department: String?
    /// Only cases not yet closed (the default).
    public var openOnly = true

    public struct Invalid: Error, Equatable {
        public let message: String
        public init(message: String) { self.message = message }
    }

    public init() {}

    /// `area` (a street, community or grid code), `category`, `department`, `level`, `light`, `status`, `open` (`all` for closed ones too).
    public init(_ query: [String: String], city: City) throws(Invalid) {
        func value(_ key: String) -> String? { query[key].flatMap { $0.isEmpty ? nil : $0 } }
        if let area = value("area") {
            let known = city.streets.contains { street in
                street.code == area || street.communities.contains { $0.code == area || $0.grids.contains { $0.code == area } }
            }
            guard known else { throw Invalid(message: "area '\(area.prefix(40))' is no street, community or grid of the city") }
            self.area = area
        }
        if let category = value("category") {
            guard city.category(category) != nil else { throw Invalid(message: "category '\(category.prefix(40))' is not one of the city's") }
            self.category = category
        }
        if let department = value("department") {
            guard city.departments.contains(where: { $0.code == department }) else {
                throw Invalid(message: "department '\(department.prefix(40))' is not one of the city's: " + city.departments.map(\.code).joined(separator: ", "))
            }
            self.department = department
        }
        level = try Self.parse(value("level"), "level", as: HandlingLevel.self)
        light = try Self.parse(value("light"), "light", as: Light.self)
        status = try Self.parse(value("status"), "status", as: CaseStatus.self)
        if let open = value("open") {
            guard ["all", "open"].contains(open) else { throw Invalid(message: "open must be 'open' or 'all', not '\(open.prefix(40))'") }
            openOnly = open == "open"
        }
        if status == .closed { openOnly = false }
    }

    static func parse<Value: RawRepresentable & CaseIterable>(_ text: String?, _ key: String, as: Value.Type) throws(Invalid) -> Value?
    where Value.RawValue == String {
        guard let text else { return nil }
        guard let value = Value(rawValue: text) else {
            throw Invalid(message: "\(key) '\(text.prefix(40))' is not one of: " + Value.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// Whether a case passes every filter given.
    public func admits(_ board: BoardCase) -> Bool {
        if openOnly, !board.isOpen { return false }
        if let area, ![board.street, board.community, board.grid].contains(area) { return false }
        if let category, board.category != category { return false }
        if let level, board.level != level { return false }
        if let light, board.light != light { return false }
        if let status, board.status != status { return false }
        if let department, !board.holders.contains(department) { return false }
        return true
    }
}
