public import Contracts

extension City {
    /// A part of the city named by its code: the district, a street, a community or a grid.
    public struct Region: Sendable, Equatable {
        public var level: HandlingLevel
        public var code: String

        public init(level: HandlingLevel, code: String) { (self.level, self.code) = (level, code) }

        /// Whether a case at `location` lies in it.
        public func covers(_ location: GridLocation) -> Bool {
            switch level {
            case .grid: location.grid == code
            case .community: location.community == code
            case .street: location.street == code
            case .district: true
            }
        }
    }

    /// The district, street, community or grid with this code, if the city has one.
    public func region(_ code: String) -> Region? {
        if district.code == code { return Region(level: .district, code: code) }
        for street in streets {
            if street.code == code { return Region(level: .street, code: code) }
            for community in street.communities {
                if community.code == code { return Region(level: .community, code: code) }
                if community.grids.contains(where: { $0.code == code }) { return Region(level: .grid, code: code) }
            }
        }
        return nil
    }

    /// Where every grid of the city lies, street by street.
    public var gridLocations: [GridLocation] {
        streets.flatMap { street in
            street.communities.flatMap { community in
                community.grids.map { GridLocation(street: street.code, community: community.code, grid: $0.code) }
            }
        }
    }

    /// Whether every grid of `region` lies in `staff`'s area.
    public func region(_ region: Region, liesWithin staff: Staff) -> Bool {
        staff.level == .district || gridLocations.allSatisfy { !region.covers($0) || staff.covers($0) }
    }
}

extension City.Staff {
    /// Their area as a region of the city.
    public var region: City.Region { City.Region(level: level, code: area) }
}
