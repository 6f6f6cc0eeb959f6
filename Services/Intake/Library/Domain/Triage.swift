public import CityModel
public import Contracts
public import Envelope

/// A report or device event, understood: what it is, where, how urgent, and who or what raised it.
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
    public var origin: Origin

    /// The longest description intake keeps (Open311's limit).
    public static let maximumDescription = 4000

    /// Classifies and locates a CloudEvent against the city. Reports (`whistle.report.resident`,
    /// `whistle.report.grid-worker`) name their category; sensor and gate events are classified by their
    /// type. Location, first that works: `longitude`+`latitude` by polygon, `address`, `grid`.
    public static func of(_ event: CloudEvent, in city: City) throws(IngestFault) -> Triage {
        let data = event.data ?? .null
        if let origin = ResidentReport.origin(ofType: event.type) {
            let report = try decode(ResidentReport.self, data)
            guard let category = city.category(report.category) else { throw .unknownCategory(report.category) }
            return try Triage(category: category, origin: origin, place: Place(report), description: report.description,
                              reporter: report.reporter, device: nil, city: city)
        }
        guard let category = city.category(forSensorType: event.type) else { throw .unknownType(event.type) }
        let reading = try decode(DeviceEvent.self, data)
        return try Triage(category: category, origin: event.type.hasPrefix(DeviceEvent.gateTypePrefix) ? .gate : .sensor,
                          place: Place(reading), description: reading.description, reporter: nil, device: reading.device, city: city)
    }

    private init(category: City.Category, origin: Origin, place: Place, description: String?, reporter: String?,
                 device: String?, city: City) throws(IngestFault) {
        guard (place.longitude == nil) == (place.latitude == nil) else {
            throw .invalidReport(field: place.longitude == nil ? "longitude" : "latitude", reason: "must come with its pair")
        }
        guard let location = place.locate(in: city) else { throw .unlocatable }
        let description = description ?? category.name
        guard description.count <= Triage.maximumDescription else {
            throw .invalidReport(field: "description", reason: "is longer than \(Triage.maximumDescription) characters")
        }
        (self.category, self.location, self.origin, self.description) = (category, location, origin, description)
        (self.longitude, self.latitude, self.address, self.reporter, self.device) = (place.longitude, place.latitude, place.address, reporter, device)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: JSONValue) throws(IngestFault) -> T {
        do {
            return try JSONValueDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw .invalidReport(field: error.fieldAndReason.field, reason: error.fieldAndReason.reason)
        } catch {
            throw .invalidReport(field: "", reason: "\(error)")
        }
    }

    /// The `case.reported` event for this triage, once the case has its id.
    public func report(caseID: String, source: SourceEvent) -> CaseReported {
        CaseReported(
            caseID: caseID, category: category.code, categoryName: category.name, priority: category.priority,
            level: category.level, dispute: category.isDispute, location: location, description: description, origin: origin,
            source: source, longitude: longitude, latitude: latitude, address: address, reporter: reporter, device: device)
    }
}

/// Where a report says it happened, in any of the three ways it may say so.
struct Place {
    var longitude: Double?
    var latitude: Double?
    var address: String?
    var grid: String?

    init(_ report: ResidentReport) {
        (longitude, latitude, address, grid) = (report.longitude, report.latitude, report.address, report.grid)
    }

    init(_ event: DeviceEvent) {
        (longitude, latitude, address, grid) = (event.longitude, event.latitude, event.address, event.grid)
    }

    func locate(in city: City) -> GridLocation? {
        if let longitude, let latitude, let found = city.locate(longitude: longitude, latitude: latitude) { return found }
        if let address, let found = city.locate(address: address) { return found }
        if let grid { return city.location(ofGrid: grid) }
        return nil
    }
}
