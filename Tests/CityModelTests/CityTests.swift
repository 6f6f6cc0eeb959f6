import Contracts
import Testing
@testable import CityModel

@Suite("The demo city and the city model")
struct CityTests {
    @Test("the embedded demo city loads and has what the suite needs")
    func demoCity() throws {
        let city = try City.demo()
        #expect(city.streets.count == 2)
        #expect(city.streets.flatMap(\.communities).count == 4)
        #expect(city.streets.flatMap(\.communities).flatMap(\.grids).count == 12)
        #expect(city.departments.count >= 8)
        #expect(city.categories.count >= 10)
        #expect(Set(["cg", "pcs", "scjg", "xf", "zj", "gs", "wy", "mz"]).isSubset(of: Set(city.departments.map(\.code))))
        #expect(city.categories.contains { $0.name == "高空抛物" && $0.lead == "cg" })
        #expect(city.categories.filter(\.isDispute).count >= 2)
    }

    @Test("a point is located to the grid whose polygon contains it; outside the city, nowhere")
    func locatePoint() throws {
        let city = try City.demo()
        #expect(city.locate(longitude: 106.652, latitude: 35.5315) == GridLocation(street: "s01", community: "c01", grid: "g01"))
        #expect(city.locate(longitude: 106.672, latitude: 35.5345) == GridLocation(street: "s02", community: "c04", grid: "g12"))
        #expect(city.locate(longitude: 106.660, latitude: 35.5345)?.grid == "g09")
        #expect(city.locate(longitude: 106.700, latitude: 35.5315) == nil)
        #expect(city.locate(longitude: 0, latitude: 0) == nil)
        // Every grid's own centre is inside it, and in no other grid.
        for grid in city.streets.flatMap(\.communities).flatMap(\.grids) {
            let x = grid.polygon.map { $0[0] }.reduce(0, +) / Double(grid.polygon.count)
            let y = grid.polygon.map { $0[1] }.reduce(0, +) / Double(grid.polygon.count)
            #expect(city.locate(longitude: x, latitude: y)?.grid == grid.code)
        }
    }

    @Test("a non-rectangular polygon: the notch of an L is outside")
    func concavePolygon() {
        let grid = City.Grid(
            code: "gx", name: "L", worker: .init(id: "w", name: "w"), mediator: .init(id: "m", name: "m"), addresses: [],
            polygon: [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]])
        #expect(grid.contains(longitude: 0.5, latitude: 1.5))
        #expect(grid.contains(longitude: 1.5, latitude: 0.5))
        #expect(!grid.contains(longitude: 1.5, latitude: 1.5))
    }

    @Test("an address is located by the longest matching fragment")
    func locateAddress() throws {
        let city = try City.demo()
        #expect(city.locate(address: "平凉市崆峒区新民社区2区5号楼3单元")?.grid == "g05")
        #expect(city.locate(address: "Liuhu block 3, building 7")?.grid == "g09")
        #expect(city.locate(address: "somewhere else") == nil)
    }

    @Test("routing: a street route overrides the category's departments; disputes have none")
    func routing() throws {
        let city = try City.demo()
        #expect(city.departments(for: "zdjy", street: "s01")?.assist == ["scjg"])
        #expect(city.departments(for: "zdjy", street: "s02")?.assist == ["scjg", "pcs"])
        #expect(city.departments(for: "gkpw", street: "s01")?.lead == "cg")
        #expect(city.departments(for: "gkpw", street: "s01")?.assist == ["pcs", "wy"])
        #expect(city.departments(for: "fljf", street: "s01") == nil)
        #expect(city.departments(for: "nope", street: "s01") == nil)
        #expect(city.category(forSensorType: "whistle.sensor.smoke")?.priority == .emergency)
        #expect(city.category(forSensorType: "whistle.gate.tailgating")?.code == "mjyc")
        let g05 = try #require(city.location(ofGrid: "g05"))
        #expect(city.mediationTier(for: g05, level: .grid)?.mediator.id == "med-g05")
        #expect(city.mediationTier(for: g05, level: .community)?.mediator.id == "med-c02")
        #expect(city.mediationTiers(at: g05).map(\.mediator.id) == ["med-g05", "med-c02", "med-s01", "med-d01"])
        #expect(city.mediationTier(above: .community, at: g05)?.mediator.id == "med-s01")
        #expect(city.mediationTier(above: .district, at: g05) == nil)
        #expect(HandlingLevel.grid.next == .community && HandlingLevel.district.next == nil)
    }

    @Test("inconsistent cities are refused with the entry that is wrong", arguments: [
        ("categories: [{code: x, name: X, level: grid, priority: normal, lead: ghost}]", "unknown department 'ghost'"),
        ("categories: [{code: x, name: X, level: grid, priority: normal}]", "needs a lead department"),
        ("categories: [{code: x, name: X, level: sky, priority: normal, lead: cg}]", "'categories.Index 0.level'"),
        ("grids: [[0, 0], [1, 1]]", "at least 3"),
        ("code: G1", "lowercase letters and digits"),
        ("ladder: [community, grid, street]", "from the lowest up"),
        ("ladder: [grid, community]", "must reach street"),
        ("ladder: [grid, street]", "starts at community, which is not a rung"),
        ("limits: {grid: {handle: 4wh}, community: {handle: 1wd}, street: {handle: 3wd}}", "limits.street.acknowledge is missing"),
        ("limits: {grid: {handle: 4wh}, street: {acknowledge: 1h, handle: 3wd}}", "limits.community.handle is missing"),
        ("departments: [{code: cg, name: 城管}, {code: grid, name: G}]", "reserved"),
        ("devices: {registry: [{id: d1, type: whistle.sensor.smoke, grid: g9}]}", "device d1 is in unknown grid 'g9'"),
        ("devices: {registry: [{id: d1, type: whistle.sensor.ufo, grid: g1}]}", "no category's sensors and no rule name"),
        ("devices: {registry: [{id: d1, type: whistle.sensor.smoke, grid: g1}, {id: d1, type: whistle.sensor.smoke, grid: g1}]}", "registered twice"),
        ("devices: {rules: {whistle.sensor.smoke: {silentAfter: 4wh}}, maintenance: x}", "must be calendar time"),
        ("devices: {rules: {whistle.sensor.smoke: {silentAfter: 4h}}}", "devices.maintenance must name a category"),
        ("devices: {rules: {whistle.sensor.smoke: {flapping: {changes: 1, within: 10m}}}}", "changes ≥ 2"),
        ("devices: {registry: [{id: mj, type: whistle.gate, grid: g1}], welfare: x, care: [{resident: r1, gate: mj, absence: 24h, consent: false}]}", "without consent"),
        ("devices: {registry: [{id: yg, type: whistle.sensor.smoke, grid: g1}], welfare: x, care: [{resident: r1, gate: yg, absence: 24h, consent: true}]}", "is not a registered gate"),
    ])
    func refusals(change: String, message: String) throws {
        let yaml = Self.minimal(change)
        #expect { try City.parse(yaml: yaml) } throws: { error in
            "\(error)".contains(message)
        }
    }

    /// A one-grid city with one part replaced by `change`.
    static func minimal(_ change: String) -> String {
        let polygon = change.hasPrefix("grids:") ? String(change.dropFirst(7)) : "[[0, 0], [1, 0], [1, 1]]"
        let gridCode = change.hasPrefix("code:") ? String(change.dropFirst(6)) : "g1"
        let categories = change.hasPrefix("categories:") ? change
            : "categories: [{code: x, name: X, level: community, priority: normal, lead: cg, sensors: [whistle.sensor.smoke, whistle.gate.forced-open]}]"
        let ladder = change.hasPrefix("ladder:") ? change : "ladder: [grid, community, street]"
        let limits = change.hasPrefix("limits:") ? change : "limits: {grid: {handle: 4wh}, community: {handle: 1wd}, street: {acknowledge: 2wh, handle: 3wd}}"
        let department = change.hasPrefix("departments:") ? change : "departments: [{code: cg, name: 城管}]"
        let devices = change.hasPrefix("devices:") ? change : ""
        return """
            district: {code: d1, name: D}
            \(ladder)
            calendar: {utcOffset: "+08:00", workingDays: [mon, tue, wed, thu, fri], workingHours: ["09:00-17:00"]}
            \(limits)
            streets:
              - code: s1
                name: S
                office: {id: so, name: SO}
                communities:
                  - code: c1
                    name: C
                    mediator: {id: m, name: M}
                    office: {id: co, name: CO}
                    grids:
                      - {code: \(gridCode), name: G, worker: {id: w, name: W}, mediator: {id: m2, name: M2}, addresses: [], polygon: \(polygon)}
            \(department)
            \(categories)
            routes: []
            residents: [{id: r1, name: R, grid: g1}]
            \(devices)
            """
    }

    @Test("a region by its code — the district, a street, a community or a grid — and whether it lies within a staff member's area")
    func regions() throws {
        let city = try City.demo()
        #expect(city.region("d01") == City.Region(level: .district, code: "d01"))
        #expect(city.region("s02") == City.Region(level: .street, code: "s02"))
        #expect(city.region("c04") == City.Region(level: .community, code: "c04"))
        #expect(city.region("g10") == City.Region(level: .grid, code: "g10"))
        #expect(city.region("nowhere") == nil)
        #expect(city.gridLocations.count == 12 && city.gridLocations.filter { city.region("c01")!.covers($0) }.map(\.grid) == ["g01", "g02", "g03"])
        let office = try #require(city.staff("co-c01")), worker = try #require(city.staff("gw-g01")), district = try #require(city.staff("do-d01"))
        #expect(city.region(city.region("g03")!, liesWithin: office) && city.region(city.region("c01")!, liesWithin: office))
        #expect(!city.region(city.region("c04")!, liesWithin: office) && !city.region(city.region("s01")!, liesWithin: office))
        #expect(!city.region(city.region("c01")!, liesWithin: worker) && city.region(city.region("g01")!, liesWithin: worker))
        #expect(city.region(city.region("d01")!, liesWithin: district))
    }
}
