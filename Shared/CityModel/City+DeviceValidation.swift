import Timekeeping
extension City {
    /// The devices section holds together: devices unique, in grids that exist, of types some category or
    /// rule knows; rules in calendar time with usable numbers; the maintenance and welfare categories
    /// named when something needs them; care only with consent, at a registered gate.
    func validateDevices() throws(CityError) {
        guard let devices else { return }
        let gridCodes = Set(streets.flatMap(\.communities).flatMap(\.grids).map(\.code))
        for (type, rule) in devices.rules ?? [:] {
            if let threshold = rule.threshold, !threshold.isFinite { throw .inconsistent("devices.rules.\(type).threshold must be a number") }
            if let silence = rule.silentAfter, silence.calendarSeconds == nil {
                throw .inconsistent("devices.rules.\(type).silentAfter must be calendar time (h, m, s, d): devices do not keep office hours")
            }
            if let flapping = rule.flapping, flapping.changes < 2 || flapping.within.calendarSeconds == nil {
                throw .inconsistent("devices.rules.\(type).flapping needs changes ≥ 2 within a calendar time")
            }
        }
        var ids: Set<String> = []
        for device in devices.registry ?? [] {
            guard !device.id.isEmpty, device.id.count <= 128 else { throw .inconsistent("a device needs an id of 1–128 characters") }
            guard ids.insert(device.id).inserted else { throw .inconsistent("device '\(device.id)' is registered twice") }
            guard gridCodes.contains(device.grid) else { throw .inconsistent("device \(device.id) is in unknown grid '\(device.grid)'") }
            guard knowsDeviceType(device.type) else {
                throw .inconsistent("device \(device.id) has type '\(device.type)', which no category's sensors and no rule name")
            }
        }
        let needsMaintenance = (devices.rules ?? [:]).values.contains { $0.silentAfter != nil }
        try requireCategory(devices.maintenance, "devices.maintenance", needed: needsMaintenance, why: "a rule has silentAfter")
        try requireCategory(devices.welfare, "devices.welfare", needed: !(devices.care ?? []).isEmpty, why: "residents are under care")
        let registry = Dictionary((devices.registry ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var cared: Set<String> = []
        for care in devices.care ?? [] {
            guard residents[id: care.resident] != nil else { throw .inconsistent("devices.care names unknown resident '\(care.resident)'") }
            guard care.consent else { throw .inconsistent("resident \(care.resident) is under care without consent: set consent: true once they agreed") }
            guard cared.insert(care.resident).inserted else { throw .inconsistent("resident \(care.resident) is under care twice") }
            guard let gate = registry[care.gate], gate.sends("whistle.gate.passage") else {
                throw .inconsistent("resident \(care.resident)'s gate '\(care.gate)' is not a registered gate (type whistle.gate)")
            }
            guard care.absence.calendarSeconds != nil else { throw .inconsistent("resident \(care.resident)'s absence must be calendar time (h, m, s, d)") }
        }
    }

    private func requireCategory(_ code: String?, _ key: String, needed: Bool, why: String) throws(CityError) {
        guard let code else {
            if needed { throw .inconsistent("\(key) must name a category: \(why)") }
            return
        }
        guard category(code) != nil else { throw .inconsistent("\(key) names unknown category '\(code)'") }
    }
}
