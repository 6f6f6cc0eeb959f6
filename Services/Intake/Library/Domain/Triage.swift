public import CityModel
public import Contracts
public import Envelope

/// A report or device alarm, understood: what it is, where, how urgent, and who or what raised it.
public struct Triage: Sendable, Equatable {
    public var category: City.Category
    public var location: GridLocation
    public var longitude: Double?
    public var latitude: Double?
    public var address: String?
    public var description: String
    public var reporter: String?
    /// The reporter's phone (kept in intake; published masked).
    public var phone: String?
    /// The resident insists on a case of their own, near an open one of the same category or not.
    public var insist = false
    /// A grid worker settled it on the spot.
    public var resolvedOnSpot = false
    /// The sensor or gate that raised it, and what it said.
    public var device: String?
    public var reading: DeviceReading?
    public var origin: Origin

    /// The longest description intake keeps (Open311's limit).
    public static let maximumDescription = 4000

    /// Classifies and locates a CloudEvent against the city. Reports (`whistle.report.resident`,
    /// `whistle.report.grid-worker`) name their category; sensor and gate alarms are classified by their
    /// type, placed by their registry entry; heartbeats and passages are signals. Location of anything else,
    /// first that works: `longitude`+`latitude` by polygon, `address`, `grid`.
    public static func of(_ event: CloudEvent, in city: City, devices: some DeviceDirectory) throws(IngestFault) -> Arrival {
        let data = event.data ?? .null
        if let origin = ResidentReport.origin(ofType: event.type) {
            let report = try decode(ResidentReport.self, data)
            guard let category = city.category(report.category) else { throw .unknownCategory(report.category) }
            if let phone = report.phone, !ContactMask.isPhoneNumber(phone) {
                throw .invalidReport(field: "phone", reason: "is not a telephone number")
            }
            if report.resolved == true, origin != .gridWorker {
                throw .invalidReport(field: "resolved", reason: "is for grid workers' patrol reports (whistle.report.grid-worker)")
            }
            var triage = try Triage(category: category, origin: origin, place: Place(report), description: report.description,
                                    reporter: report.reporter, city: city)
            (triage.phone, triage.insist, triage.resolvedOnSpot) = (report.phone, report.insist ?? false, report.resolved ?? false)
            return .triaged(triage)
        }
        let isDeviceType = city.category(forSensorType: event.type) != nil
            || [DeviceEvent.passageType, DeviceEvent.heartbeatType].contains(event.type)
        guard isDeviceType else { throw .unknownType(event.type) }
        let sent = try decode(DeviceEvent.self, data)
        let registered = try registration(of: sent.device, type: event.type, in: city, devices: devices)
        let blacklisted = sent.card.map { city.devices?.blacklist?.contains($0) ?? false } ?? false
        guard event.type != DeviceEvent.heartbeatType, event.type != DeviceEvent.passageType || blacklisted else {
            guard let device = sent.device else { throw .invalidReport(field: "device", reason: "is required for \(event.type)") }
            return .signal(DeviceSignal(device: device, type: event.type, registered: registered))
        }
        let type = blacklisted ? DeviceEvent.blacklistedType : event.type
        guard let category = city.category(forSensorType: type) else { throw .unknownType(type) }
        let place = registered.map(Place.init) ?? Place(sent)
        var description = sent.description
        if blacklisted, let card = sent.card { description = description ?? "黑名单卡 \(card) 刷卡通行" }
        var triage = try Triage(category: category, origin: type.hasPrefix(DeviceEvent.gateTypePrefix) ? .gate : .sensor,
                                place: place, description: description, reporter: nil, city: city)
        triage.device = sent.device
        triage.reading = DeviceReading(type: type, value: sent.reading, state: sent.state ?? .alarm, registered: registered)
        return .triaged(triage)
    }

    /// The registry's entry for the device, nil for an unregistered one the city accepts (flagged).
    private static func registration(of id: String?, type: String, in city: City, devices: some DeviceDirectory) throws(IngestFault) -> City.Device? {
        let accepting = city.devices.map { $0.unregistered == .flag } ?? true
        guard let id else {
            if accepting { return nil }
            throw .invalidReport(field: "device", reason: "is required: intake takes events from registered devices only")
        }
        guard let device = devices.device(id) else {
            if accepting { return nil }
            throw .unknownDevice("device '\(id.prefix(128))' is not in the registry (register it with a device-command first)")
        }
        guard device.sends(type) else { throw .unknownDevice("device '\(id)' is a \(device.type); it does not send \(type)") }
        return device
    }

    private init(category: City.Category, origin: Origin, place: Place, description: String?, reporter: String?, city: City) throws(IngestFault) {
        guard (place.longitude == nil) == (place.latitude == nil) else {
            throw .invalidReport(field: place.longitude == nil ? "longitude" : "latitude", reason: "must come with its pair")
        }
        guard let location = place.locate(in: city) else { throw .unlocatable }
        let description = description ?? category.name
        guard description.count <= Triage.maximumDescription else {
            throw .invalidReport(field: "description", reason: "is longer than \(Triage.maximumDescription) characters")
        }
        (self.category, self.location, self.origin, self.description) = (category, location, origin, description)
        (self.longitude, self.latitude, self.address, self.reporter) = (place.longitude, place.latitude, place.address, reporter)
    }

    /// A case intake opens itself (a silent device, an absent resident): no report behind it.
    init(category: City.Category, location: GridLocation, description: String, device: String?, origin: Origin) {
        (self.category, self.location, self.description, self.device, self.origin) = (category, location, description, device, origin)
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

    /// The `case.reported` event for this triage, once the case has its id: the reporter's phone masked.
    public func report(caseID: String, source: SourceEvent) -> CaseReported {
        var report = CaseReported(
            caseID: caseID, category: category.code, categoryName: category.name, priority: category.priority,
            level: category.level, dispute: category.isDispute, location: location, description: description, origin: origin,
            source: source, longitude: longitude, latitude: latitude, address: address, reporter: reporter, device: device)
        report.contact = phone.map(ContactMask.phone)
        report.building = reading?.building
        report.unregistered = reading?.unregistered == true ? true : nil
        report.resolvedOnSpot = resolvedOnSpot ? true : nil
        report.critical = category.isEmergency ? true : nil
        return report
    }
}

/// What a device alarm said beyond its category.
public struct DeviceReading: Sendable, Equatable {
    /// The event type it counts as (a blacklisted card's passage counts as `whistle.gate.blacklisted`).
    public var type: String
    public var value: Double?
    public var state: DeviceState
    /// Its registry entry; nil for an unregistered device the city accepts, flagged.
    public var registered: City.Device?

    public var building: String? { registered?.building }
    public var unregistered: Bool { registered == nil }
}

/// A heartbeat or an ordinary gate passage: the device is alive, someone went through.
public struct DeviceSignal: Sendable, Equatable {
    public var device: String
    public var type: String
    public var registered: City.Device?
}

/// What intake understood an event to be.
public enum Arrival: Sendable, Equatable {
    case triaged(Triage)
    case signal(DeviceSignal)
}

/// Where a report says it happened, in any of the three ways it may say so.
struct Place {
    var longitude: Double?
    var latitude: Double?
    var address: String?
    var grid: String?
    /// A registered device's grid: where it is, whatever else is said.
    var fixedGrid: String?

    init(_ report: ResidentReport) {
        (longitude, latitude, address, grid) = (report.longitude, report.latitude, report.address, report.grid)
    }

    init(_ event: DeviceEvent) {
        (longitude, latitude, address, grid) = (event.longitude, event.latitude, event.address, event.grid)
    }

    /// A registered device is where its entry says: its grid (its coordinates, when given, are kept).
    init(_ device: City.Device) {
        (longitude, latitude, address, fixedGrid) = (device.longitude, device.latitude, device.building, device.grid)
    }

    func locate(in city: City) -> GridLocation? {
        if let fixedGrid { return city.location(ofGrid: fixedGrid) }
        if let longitude, let latitude, let found = city.locate(longitude: longitude, latitude: latitude) { return found }
        if let address, let found = city.locate(address: address) { return found }
        if let grid { return city.location(ofGrid: grid) }
        return nil
    }
}
