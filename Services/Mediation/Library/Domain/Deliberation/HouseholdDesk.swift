public import CityModel
public import Contracts
import Foundation

/// The household registry's decisions: an office registers (adds or changes) or retires a household of its
/// community (or of its street's, or any for the district's centre).
public struct HouseholdDesk: Sendable {
    public let city: City

    public init(city: City) { self.city = city }

    /// What `command` does to the registry, given the household as registered now (`existing`).
    public func decide(_ command: HouseholdCommand, existing: City.Household?) throws(Refused) -> HouseholdDecision {
        switch command.action {
        case .retire:
            guard let existing else { throw Refused(.notAHousehold, "no household '\(command.household.prefix(64))' is registered") }
            try city.authorizeOffice(command.staff, for: try area(existing.community))
            return .retire(existing.id)
        case .register:
            let id = command.household
            guard !id.isEmpty, id.utf8.count <= 64,
                  id.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }) else {
                throw Refused(.invalidHousehold, "a household id is 1–64 of a-z, 0-9, - and _")
            }
            guard let community = command.community else { throw Refused(.missingDetail, "registering a household needs its 'community'") }
            try city.authorizeOffice(command.staff, for: try area(community))
            if let existing, existing.community != community {
                try city.authorizeOffice(command.staff, for: try area(existing.community))
            }
            guard let building = command.building?.trimmingCharacters(in: .whitespaces), !building.isEmpty, building.count <= 32 else {
                throw Refused(.invalidHousehold, "household \(id) needs a 'building' of 1–32 characters")
            }
            guard let area = command.area, area > 0, area < 100_000 else {
                throw Refused(.invalidHousehold, "household \(id) needs an exclusive 'area' in m² above 0")
            }
            return .register(City.Household(id: id, community: community, building: building, unit: command.unit, door: command.door,
                                            representative: command.representative, area: area))
        }
    }

    func area(_ community: String) throws(Refused) -> Area {
        guard let area = city.area(ofCommunity: community) else {
            throw Refused(.invalidHousehold, "'\(community.prefix(64))' is not a community of the city")
        }
        return area
    }
}

/// A change to the household registry.
public enum HouseholdDecision: Sendable, Equatable {
    case register(City.Household)
    case retire(String)
}
