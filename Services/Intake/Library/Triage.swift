public import CityModel
public import Messaging
import Foundation

/// A report or sensor event, understood: what it is, where, how urgent, and who reported it.
public struct Triage: Sendable, Equatable {
    public var category: City.Category
    public var location: GridLocation
    public var longitude: Double?
    public var latitude: Double?
    public var address: String?
    public var description: String
    public var reporter: String?
    /// The sensor or gate that raised it, for joining repeated alarms.
    public var device: String?
    public var origin: String   // "resident", "grid-worker", "sensor", "gate"

    /// Classifies and locates a CloudEvent against the city.
    ///
    /// Reports (`whistle.report.resident`, `whistle.report.grid-worker`) carry `data.category`;
    /// sensor and gate events are classified by their type. Location: `longitude`+`latitude` by
    /// polygon, else `address`, else `grid`.
    public static func of(_ event: CloudEvent, in city: City) throws(IngestError) -> Triage {
        guard case .object(let data)? = event.data else { throw .invalidReport(field: "", reason: "must be a JSON object") }
        let category: City.Category
        let origin: String
        if event.type.hasPrefix("whistle.report.") {
            origin = String(event.type.dropFirst("whistle.report.".count))
            guard ["resident", "grid-worker"].contains(origin) else { throw .unknownType(event.type) }
            guard let code = data["category"]?.stringValue else { throw .invalidReport(field: "category", reason: "is required") }
            guard let known = city.category(code) else { throw .unknownCategory(code) }
            category = known
        } else if let known = city.category(forSensorType: event.type) {
            category = known
            origin = event.type.hasPrefix("whistle.gate.") ? "gate" : "sensor"
        } else {
            throw .unknownType(event.type)
        }
        let longitude = try number(data, "longitude")
        let latitude = try number(data, "latitude")
        guard (longitude == nil) == (latitude == nil) else {
            throw .invalidReport(field: longitude == nil ? "longitude" : "latitude", reason: "must come with its pair")
        }
        let address = data["address"]?.stringValue
        var location: GridLocation?
        if let longitude, let latitude { location = city.locate(longitude: longitude, latitude: latitude) }
        if location == nil, let address { location = city.locate(address: address) }
        if location == nil, let grid = data["grid"]?.stringValue { location = city.location(ofGrid: grid) }
        guard let location else { throw .unlocatable }
        let description = data["description"]?.stringValue ?? category.name
        guard description.count <= 2000 else { throw .invalidReport(field: "description", reason: "is longer than 2000 characters") }
        return Triage(
            category: category, location: location, longitude: longitude, latitude: latitude, address: address,
            description: description, reporter: data["reporter"]?.stringValue, device: data["device"]?.stringValue,
            origin: origin)
    }

    private static func number(_ data: [String: JSONValue], _ field: String) throws(IngestError) -> Double? {
        switch data[field] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        default: throw .invalidReport(field: field, reason: "must be a number")
        }
    }
}
