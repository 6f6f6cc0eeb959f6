public import Contracts

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

    /// The mediator for a dispute at a level: the grid's for grid level, the community's above it.
    public func mediator(for location: GridLocation, level: HandlingLevel) -> Person? {
        guard let street = streets.first(where: { $0.code == location.street }),
              let community = street.communities.first(where: { $0.code == location.community }) else { return nil }
        if level == .grid { return community.grids.first { $0.code == location.grid }?.mediator }
        return community.mediator
    }
}
