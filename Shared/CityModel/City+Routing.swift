public import Contracts
public import Timekeeping

extension City {
    public func category(_ code: String) -> Category? { categories.first { $0.code == code } }

    /// The category a sensor or gate CloudEvent type means, if any.
    public func category(forSensorType type: String) -> Category? {
        categories.first { $0.sensors?.contains(type) == true }
    }

    /// Who handles a category in a street: the street's route if one exists, else the category's
    /// own lead and assistants. Nil for disputes (they go to mediation) and unknown categories.
    public func departments(for categoryCode: String, street: String) -> (lead: String, assist: [String])? {
        if let route = routes.first(where: { $0.category == categoryCode && $0.street == street }) {
            return (route.lead, route.assist ?? [])
        }
        guard let category = category(categoryCode), !category.isDispute, let lead = category.lead else { return nil }
        return (lead, category.assist ?? [])
    }

    /// The street and community of a community code, nil for one the city does not have.
    public func area(ofCommunity code: String) -> Area? {
        streets.first { $0.communities.contains { $0.code == code } }.map { Area(street: $0.code, community: code) }
    }

    /// How long a mediation tier has with a dispute of this category before it climbs.
    public func mediationLimit(for categoryCode: String) -> TimeLimit {
        category(categoryCode)?.mediationLimit ?? limits.mediation
    }

    /// The mediation tiers ("4321") that serve a place, lowest first: the grid's mediator, the community's
    /// committee (调委会), the street's committee and the district's joint mediation centre (联调) — those
    /// the city names. Empty for a place the city does not have.
    public func mediationTiers(at location: GridLocation) -> [MediationTier] {
        guard let street = self.street(location.street), let community = self.community(location.community, in: location.street),
              let grid = community.grids.first(where: { $0.code == location.grid }) else { return [] }
        let named: [(HandlingLevel, Person?)] = [(.grid, grid.mediator), (.community, community.mediator), (.street, street.mediator),
                                                 (.district, district.mediator)]
        return named.compactMap { level, person in person.map { MediationTier(level: level, mediator: $0) } }
    }

    /// The tier a dispute at a level opens with: that level's, or the first named above it; a level above
    /// every named tier gets the highest (a city naming no street or district mediators keeps disputes with
    /// the community's committee).
    public func mediationTier(for location: GridLocation, level: HandlingLevel) -> MediationTier? {
        let tiers = mediationTiers(at: location)
        return tiers.first { $0.level >= level } ?? tiers.last
    }

    /// Who may take a dispute at the tier of `level` when a party objects to its mediator (回避), in order: at the
    /// grid and community tiers the community's committee members, then the community's other grid mediators, then
    /// the committee itself; at the street and district tiers their committees' members.
    public func mediators(at level: HandlingLevel, location: GridLocation) -> [Person] {
        guard let street = self.street(location.street), let community = self.community(location.community, in: location.street) else { return [] }
        switch level {
        case .grid, .community: return (community.mediators ?? []) + community.grids.map(\.mediator) + [community.mediator]
        case .street: return street.mediators ?? []
        case .district: return district.mediators ?? []
        }
    }

    /// Whether `id` is one of the city's mediators: a grid's, a committee or one of its members, a street's, the district's.
    public func isMediator(_ id: String) -> Bool {
        var people = [district.mediator].compactMap { $0 } + (district.mediators ?? [])
        for street in streets {
            people += [street.mediator].compactMap { $0 } + (street.mediators ?? [])
            for community in street.communities { people += [community.mediator] + (community.mediators ?? []) + community.grids.map(\.mediator) }
        }
        return people.contains { $0.id == id }
    }

    /// The tier a dispute the tier at `level` could not settle climbs to, nil at the top.
    public func mediationTier(above level: HandlingLevel, at location: GridLocation) -> MediationTier? {
        mediationTiers(at: location).first { $0.level > level }
    }
}

/// One rung of mediation at a place: its level and who mediates there.
public struct MediationTier: Sendable, Equatable {
    public var level: HandlingLevel
    public var mediator: City.Person
}
