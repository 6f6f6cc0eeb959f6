public import Contracts
public import Timekeeping

extension City {
    /// The rung at which departments are summoned on a case's arrival: the city's `whistle`, else the street
    /// (or district if the ladder skips street); nil when only an office's whistle summons them.
    public var whistleLevel: HandlingLevel? {
        switch whistle {
        case .at(let level)?: level
        case .byHand?: nil
        case nil: ladder.first { $0 >= .street } ?? .street
        }
    }

    /// Whether a case arriving at `level` has its departments summoned at once (else the rung's holder has it).
    public func summonsOnArrival(at level: HandlingLevel) -> Bool { whistleLevel.map { level >= $0 } ?? false }

    /// The rung a case starts on: the level intake gave it (or the next rung up the ladder that exists, or
    /// the top), or the whistle at once for an emergency.
    public func startLevel(reported level: HandlingLevel, emergency: Bool) -> HandlingLevel {
        let rung = ladder.first { $0 >= level } ?? ladder.last ?? level
        guard emergency, let whistleLevel else { return rung }
        return max(rung, whistleLevel)
    }

    /// The next rung up the ladder, or nil at the top.
    public func rung(above level: HandlingLevel) -> HandlingLevel? { ladder.first { $0 > level } }

    /// The next rung down the ladder, or nil at the bottom.
    public func rung(below level: HandlingLevel) -> HandlingLevel? { ladder.last { $0 < level } }

    /// How long `stage` may take at `level` for a category: the category's own limit, else the city's.
    public func limit(for category: String, at level: HandlingLevel, _ stage: Stage) -> TimeLimit? {
        let own = self.category(category)?.limits?[level], city = limits.levels[level]
        switch stage {
        case .acknowledge: return own?.acknowledge ?? city?.acknowledge
        case .handle: return own?.handle ?? city?.handle
        }
    }

    /// Who works a rung for a place: the grid's worker, the community office, the street office, the
    /// district's command centre.
    public func holder(of level: HandlingLevel, at location: GridLocation) -> Person? {
        guard let street = self.street(location.street), let community = self.community(location.community, in: location.street) else { return nil }
        switch level {
        case .grid: return community.grids.first { $0.code == location.grid }?.worker
        case .community: return community.office
        case .street: return street.office
        case .district: return district.office
        }
    }

    /// Who watches work at a rung: the office of the rung above, or the top rung's own office.
    public func supervisor(of level: HandlingLevel, at location: GridLocation) -> Person? {
        holder(of: rung(above: level) ?? level, at: location)
    }

    /// A grid worker or an office, with the rung they work and the part of the city that is theirs.
    public struct Staff: Sendable, Equatable {
        public var person: Person
        public var level: HandlingLevel
        /// The street, community or grid code their area is (the district's covers everything).
        public var area: String

        /// Whether a case at `location` lies in their area.
        public func covers(_ location: GridLocation) -> Bool { region.covers(location) }

        /// Whether a whole community (at `area`) is theirs: its office's, its street's, the district's — never a grid worker's.
        public func covers(community area: Area) -> Bool {
            switch level {
            case .grid: false
            case .community: area.community == self.area
            case .street: area.street == self.area
            case .district: true
            }
        }
    }

    /// The staff member with this id, if any.
    public func staff(_ id: String) -> Staff? {
        if district.office?.id == id, let office = district.office { return Staff(person: office, level: .district, area: district.code) }
        for street in streets {
            if street.office.id == id { return Staff(person: street.office, level: .street, area: street.code) }
            for community in street.communities {
                if community.office.id == id { return Staff(person: community.office, level: .community, area: community.code) }
                if let grid = community.grids.first(where: { $0.worker.id == id }) {
                    return Staff(person: grid.worker, level: .grid, area: grid.code)
                }
            }
        }
        return nil
    }

    /// The name of a department (or the code when it is not one).
    public func departmentName(_ code: String) -> String { departments.first { $0.code == code }?.name ?? code }
}

extension City {
    /// The name of a street, community or grid by its code (or the code when there is none such).
    public func areaName(_ code: String) -> String {
        for street in streets {
            if street.code == code { return street.name }
            for community in street.communities {
                if community.code == code { return community.name }
                if let grid = community.grids.first(where: { $0.code == code }) { return grid.name }
            }
        }
        return code
    }
}
