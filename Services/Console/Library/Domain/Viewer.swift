public import CityModel
public import Contracts

/// Who is looking, and what of the board is theirs to see — the rule dispatch's HTTP case reads follow:
/// operators and services see every case; a grid worker or an office the cases of its grid, community,
/// street or district; a department the cases it was given a task on; anyone else none.
public struct Viewer: Sendable, Equatable {
    public enum Kind: String, Sendable { case everything, area, department, mediator, nothing }

    public var identity: String
    public var kind: Kind
    /// A grid worker's or an office's rung and area.
    public var staff: City.Staff?
    /// A grid worker's community: whose proposals they see.
    public var gridCommunity: String?

    public init(identity: String, role: String, city: City) {
        self.identity = identity
        switch role {
        case "operator", "service", "readonly": (kind, staff) = (.everything, nil)
        case "department": (kind, staff) = (.department, nil)
        case "mediator": (kind, staff) = (.mediator, nil)
        case "staff": staff = city.staff(identity); kind = staff == nil ? .nothing : .area
        default: (kind, staff) = (.nothing, nil)
        }
        if let staff, staff.level == .grid { gridCommunity = city.gridLocations.first { $0.grid == staff.area }?.community }
    }

    /// What of the deliberation board is theirs: proposals are a community's, so a grid worker sees their community's.
    public var proposalScope: Scope {
        if case .grid = scope { return gridCommunity.map(Scope.community) ?? .nothing }
        if case .department = scope { return .nothing }
        return scope
    }

    /// Whether a proposal of this street and community is theirs to see.
    public func sees(proposal: BoardProposal) -> Bool {
        switch proposalScope {
        case .everything: true
        case .nothing, .grid, .department: false
        case .street(let code): proposal.street == code
        case .community(let code): proposal.community == code
        }
    }

    /// What of the board is theirs, as the store asks for it.
    public enum Scope: Sendable, Equatable {
        case everything, nothing
        case street(String), community(String), grid(String)
        /// The cases and tasks a department was given.
        case department(String)
    }

    public var scope: Scope {
        switch kind {
        case .everything: return .everything
        case .nothing, .mediator: return .nothing
        case .department: return .department(identity)
        case .area:
            guard let staff else { return .nothing }
            switch staff.level {
            case .grid: return .grid(staff.area)
            case .community: return .community(staff.area)
            case .street: return .street(staff.area)
            case .district: return .everything
            }
        }
    }

    /// Whether the case is theirs to see: a department's by its tasks, anyone else's by where it lies.
    public func sees(_ board: BoardCase) -> Bool {
        if case .department(let code) = scope { return board.holders.contains(code) }
        return seesGrid(board.location)
    }

    /// Whether a grid of the map is in their area (a department's and an operator's map is the whole city).
    public func seesGrid(_ location: GridLocation) -> Bool {
        switch scope {
        case .everything, .department: true
        case .nothing: false
        case .street(let code): location.street == code
        case .community(let code): location.community == code
        case .grid(let code): location.grid == code
        }
    }

    /// Whose evaluation (考评) they read — dispatch's rule for `GET /stats`: the whole city's, their own area's, or none.
    public enum EvaluationReach: Sendable, Equatable { case city, area(String), refused(String) }

    public var evaluationReach: EvaluationReach {
        switch kind {
        case .everything: .city
        case .area: staff.map { .area($0.area) } ?? .refused("'\(identity)' reads no evaluation")
        case .department: .refused("a department ('\(identity)') does not read the evaluation; grid workers and offices read their own area's")
        case .nothing, .mediator: .refused("'\(identity)' reads no evaluation")
        }
    }

    /// Why a case is not theirs, for the page that refuses it.
    public func refusal(_ board: BoardCase) -> String {
        switch kind {
        case .area: "case \(board.caseID) lies in \(board.grid) (\(board.community), \(board.street)), outside \(identity)'s \(staff?.level.rawValue ?? "") \(staff?.area ?? "")"
        case .department: "'\(identity)' holds no task on case \(board.caseID)"
        case .everything, .nothing: "'\(identity)' reads no cases"
        case .mediator: "a mediator ('\(identity)') reads their disputes on the mediation board, not the case list"
        }
    }
}
