import Contracts
extension City {
    /// Checks what YAML cannot: codes usable in topics and unique, polygons that enclose something,
    /// categories routed to departments that exist, residents in grids that exist.
    public func validate() throws(CityError) {
        var seen: Set<String> = []
        func code(_ code: String, _ what: String) throws(CityError) {
            guard !code.isEmpty, code.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }) else {
                throw .inconsistent("\(what) code '\(code)' must be lowercase letters and digits (it appears in topics)")
            }
            guard seen.insert("\(what):\(code)").inserted else { throw .inconsistent("\(what) code '\(code)' is used twice") }
        }
        try code(district.code, "district")
        guard !streets.isEmpty else { throw .inconsistent("a city needs at least one street") }
        for street in streets {
            try code(street.code, "street")
            for community in street.communities {
                try code(community.code, "community")
                guard !community.grids.isEmpty else { throw .inconsistent("community \(community.code) has no grids") }
                for grid in community.grids {
                    try code(grid.code, "grid")
                    try grid.validatePolygon()
                }
            }
        }
        for department in departments {
            try code(department.code, "department")
            guard TaskKind(rawValue: department.code) == nil || department.code == TaskKind.department.rawValue else {
                throw .inconsistent("department code '\(department.code)' is reserved for the \(department.code) rung's own tasks")
            }
        }
        try validateLadder()
        try validateHolders()
        try validateHouseholds()
        let departmentCodes = Set(departments.map(\.code))
        for category in categories {
            try code(category.code, "category")
            try category.validateAttributes()
            guard ladder.contains(category.level) else {
                throw .inconsistent("category \(category.code) starts at \(category.level.rawValue), which is not a rung of the ladder")
            }
            for level in (category.limits ?? [:]).keys where !ladder.contains(level) {
                throw .inconsistent("category \(category.code) has limits for \(level.rawValue), which is not a rung of the ladder")
            }
            if category.isDispute { continue }
            guard let lead = category.lead else {
                throw .inconsistent("category \(category.code) needs a lead department (or dispute: true)")
            }
            for department in [lead] + (category.assist ?? []) where !departmentCodes.contains(department) {
                throw .inconsistent("category \(category.code) names unknown department '\(department)'")
            }
        }
        let categoryCodes = Set(categories.map(\.code))
        let streetCodes = Set(streets.map(\.code))
        for route in routes {
            guard categoryCodes.contains(route.category) else { throw .inconsistent("a route names unknown category '\(route.category)'") }
            guard streetCodes.contains(route.street) else { throw .inconsistent("a route names unknown street '\(route.street)'") }
            for department in [route.lead] + (route.assist ?? []) where !departmentCodes.contains(department) {
                throw .inconsistent("the route for \(route.category) in \(route.street) names unknown department '\(department)'")
            }
        }
        var sensorTypes: Set<String> = []
        for type in categories.flatMap({ $0.sensors ?? [] }) where !sensorTypes.insert(type).inserted {
            throw .inconsistent("sensor event type '\(type)' belongs to two categories")
        }
        let gridCodes = Set(streets.flatMap(\.communities).flatMap(\.grids).map(\.code))
        var residentIDs = Set<String>(minimumCapacity: residents.count)
        for resident in residents {
            guard gridCodes.contains(resident.grid) else { throw .inconsistent("resident \(resident.id) lives in unknown grid '\(resident.grid)'") }
            guard residentIDs.insert(resident.id).inserted else { throw .inconsistent("resident id '\(resident.id)' is listed twice") }
        }
        try validateDevices()
    }
}

extension City {
    /// The ladder climbs: strictly upwards, to a rung where departments can be summoned; every rung has a
    /// handling limit and every rung that summons departments an acknowledgement limit; a district rung needs
    /// its command centre.
    func validateLadder() throws(CityError) {
        guard !ladder.isEmpty, zip(ladder, ladder.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .inconsistent("the ladder must list rungs from the lowest up, each once, e.g. [grid, community, street]")
        }
        guard let top = ladder.last, top >= .street else {
            throw .inconsistent("the ladder must reach street (or district), where departments are summoned")
        }
        if case .at(let level) = whistle {
            guard ladder.contains(level), level >= .community else {
                throw .inconsistent("whistle: \(level.rawValue) is not a rung of the ladder at or above the community (or none)")
            }
        }
        for level in ladder {
            guard limits.levels[level]?.handle != nil else { throw .inconsistent("limits.\(level.rawValue).handle is missing") }
            if level >= .street || summonsOnArrival(at: level), limits.levels[level]?.acknowledge == nil {
                throw .inconsistent("limits.\(level.rawValue).acknowledge is missing: departments summoned there must report for duty")
            }
        }
        if ladder.contains(.district), district.office == nil { throw .inconsistent("a district rung needs district.office") }
    }
}

extension City {
    /// Everyone who holds tasks hears them on `task.<id>.`: every grid worker's, office's and mediator's id is
    /// one topic segment and no department's code (one person may hold two posts under one id: a grid
    /// worker who is also the grid's mediator hears both on one topic).
    func validateHolders() throws(CityError) {
        let departmentCodes = Set(departments.map(\.code))
        var people: [Person] = [district.office, district.mediator].compactMap { $0 } + (district.mediators ?? [])
        for street in streets {
            people += [street.office] + [street.mediator].compactMap { $0 } + (street.mediators ?? [])
            for community in street.communities {
                people += [community.office, community.mediator] + (community.mediators ?? [])
                people += community.grids.flatMap { [$0.worker, $0.mediator] }
            }
        }
        for person in people {
            guard !person.id.isEmpty, person.id.utf8.count <= 64,
                  person.id.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }) else {
                throw .inconsistent("staff id '\(person.id)' must be 1–64 of a-z, 0-9, - and _ (it is a topic segment: task.<id>.)")
            }
            guard !departmentCodes.contains(person.id) else {
                throw .inconsistent("'\(person.id)' is a department's code and a staff id (both name task topics: task.<id>.)")
            }
        }
        try validateDuty(besides: departmentCodes.union(people.map(\.id)).union(residents.map(\.id)))
    }
}

extension City.Grid {
    func validatePolygon() throws(CityError) {
        guard polygon.count >= 3, polygon.allSatisfy({ $0.count == 2 }) else {
            throw .inconsistent("grid \(code) needs a polygon of at least 3 [longitude, latitude] points")
        }
        guard polygon.allSatisfy({ (-180...180).contains($0[0]) && (-90...90).contains($0[1]) }) else {
            throw .inconsistent("grid \(code) has a point outside longitude -180…180 / latitude -90…90")
        }
        guard abs(signedArea) > 1e-12 else { throw .inconsistent("grid \(code)'s polygon encloses no area") }
    }

    /// Shoelace area in square degrees (sign gives the winding).
    var signedArea: Double {
        var sum = 0.0
        for index in polygon.indices {
            let a = polygon[index], b = polygon[(index + 1) % polygon.count]
            sum += a[0] * b[1] - b[0] * a[1]
        }
        return sum / 2
    }
}

extension City {
    /// Households: ids unique, in a community the city has, with a positive area.
    func validateHouseholds() throws(CityError) {
        var seen: Set<String> = []
        let communities = Set(streets.flatMap { $0.communities.map(\.code) })
        for household in households ?? [] {
            guard seen.insert(household.id).inserted else { throw .inconsistent("household '\(household.id)' is listed twice") }
            guard communities.contains(household.community) else {
                throw .inconsistent("household '\(household.id)' is in community '\(household.community)', which the city does not have")
            }
            guard household.area > 0, household.area < 100_000 else {
                throw .inconsistent("household '\(household.id)' needs an exclusive area in m² above 0")
            }
        }
    }
}
