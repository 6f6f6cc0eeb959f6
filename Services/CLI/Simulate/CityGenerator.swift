import CityModel
import Sheets
import Foundation
import Yams

/// A city of any size for `whistle simulate`, built on the demo city's rules (ladder, calendar, limits, departments,
/// categories): `streets` × 10 communities × 10 grids laid out as squares, each grid with its worker and mediator,
/// each community and street with its office and committee; residents spread over the grids at random; sensors and
/// gates (smoke, gas, water level, gate in turn) in random grids, run by the sensor gateway; the duty officers spread
/// over the departments, day and night shifts. What names the demo's own places (its routes, households, residents
/// under care) is left out.
struct CityGenerator {
    static let communitiesPerStreet = 10, gridsPerCommunity = 10

    let grids, residents, devices, dutyOfficers: Int
    let seed: UInt64

    func generate() throws -> City {
        var city = try City.configured(nil)
        var random = SeededRandom(seed: seed)
        let streetTemplate = city.streets[0], communityTemplate = streetTemplate.communities[0], gridTemplate = communityTemplate.grids[0]
        let streetCount = max(1, (grids + Self.communitiesPerStreet * Self.gridsPerCommunity - 1) / (Self.communitiesPerStreet * Self.gridsPerCommunity))
        var made = 0
        city.streets = (1...streetCount).map { s in
            var street = streetTemplate
            street.code = "s\(Self.padded(s, 3))"
            street.name = "第\(s)街道"
            street.english = "Street \(s)"
            street.office = person(streetTemplate.office, id: "so-\(street.code)", name: "\(street.name)办事处")
            street.mediator = streetTemplate.mediator.map { person($0, id: "med-\(street.code)", name: "\(street.name)人民调解委员会") }
            street.mediators = nil
            street.communities = (1...Self.communitiesPerStreet).compactMap { c in
                guard made < grids else { return nil }
                let number = (s - 1) * Self.communitiesPerStreet + c
                var community = communityTemplate
                community.code = "c\(Self.padded(number, 4))"
                community.name = "第\(number)社区"
                community.english = "Community \(number)"
                community.office = person(communityTemplate.office, id: "co-\(community.code)", name: "\(community.name)居委会")
                community.mediator = person(communityTemplate.mediator, id: "med-\(community.code)", name: "\(community.name)调解委员会")
                community.mediators = nil
                community.grids = (1...Self.gridsPerCommunity).compactMap { _ in
                    guard made < grids else { return nil }
                    made += 1
                    var grid = gridTemplate
                    grid.code = "g\(Self.padded(made, 5))"
                    grid.name = "第\(made)网格"
                    grid.worker = person(gridTemplate.worker, id: "gw-\(grid.code)", name: "网格员\(made)")
                    grid.mediator = person(gridTemplate.mediator, id: "med-\(grid.code)", name: "网格调解员\(made)")
                    grid.addresses = ["\(community.name)\(grid.name)", "block \(made)"]
                    let (row, column) = ((made - 1) / 100, (made - 1) % 100)          // 0.004° squares, 100 to a row
                    let (west, south) = (106.0 + 0.004 * Double(column), 35.0 + 0.003 * Double(row))
                    grid.polygon = [[west, south], [west + 0.004, south], [west + 0.004, south + 0.003], [west, south + 0.003]]
                    return grid
                }
                return community
            }
            return street
        }.filter { !$0.communities.isEmpty }
        let codes = city.streets.flatMap { $0.communities.flatMap { $0.grids.map(\.code) } }
        let residentTemplate = city.residents[0]
        city.residents = City.Residents((0..<residents).map { index in
            var resident = residentTemplate
            resident.id = "r-\(Self.padded(index + 1, 6))"
            resident.name = "居民\(index + 1)"
            resident.phone = "139\(Self.padded(index + 1, 8))"
            resident.grid = codes[random.below(codes.count)]
            (resident.webhook, resident.email) = (nil, nil)
            return resident
        })
        let kinds = [("yg", "whistle.sensor.smoke"), ("rq", "whistle.sensor.gas"), ("sw", "whistle.sensor.water-level"), ("mj", "whistle.gate")]
        city.devices?.registry = (0..<devices).map { index in
            let (prefix, type) = kinds[index % kinds.count]
            let grid = codes[random.below(codes.count)]
            return City.Device(id: "\(prefix)-\(grid)-\(Self.padded(index + 1, 5))", type: type, grid: grid, building: "\(grid)-\(index % 40 + 1)号楼",
                               owner: "sensor-gateway")
        }
        city.devices?.care = nil
        let dutyTemplate = city.departments.compactMap { $0.duty?.first }.first
        for index in city.departments.indices {
            let share = dutyOfficers / city.departments.count + (index < dutyOfficers % city.departments.count ? 1 : 0)
            let code = city.departments[index].code
            city.departments[index].duty = share == 0 ? nil : dutyTemplate.map { template in
                (1...share).map { n in
                    var officer = template
                    officer.id = "\(code)-duty-\(n)"
                    officer.name = "\(city.departments[index].name)值班员\(n)"
                    officer.hours = n % 2 == 1 ? "08:30-17:30" : "17:30-08:30"
                    return officer
                }
            }
        }
        city.routes = []
        city.households = nil
        return city
    }

    /// Writes the city to `path` and its residents to a CSV beside it (`big.yaml`: `big-residents.csv`, named by the city's
    /// `residentsFile`), then reads both back and checks them as every service will. The device registry — a long list —
    /// is written a line each (a YAML encoder builds it in time that grows with its square).
    func write(to path: String) throws {
        var city = try generate()
        let residents = Array(city.residents), registry = city.devices?.registry ?? []
        let url = URL(fileURLWithPath: path)
        let residentsFile = url.deletingPathExtension().lastPathComponent + "-residents.csv"
        (city.residents, city.residentsFile) = ([], residentsFile)
        city.devices?.registry = []
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true                       // names stay readable Chinese
        var text = try encoder.encode(city)
        text = try Self.fill(text, "\n  registry: []\n", with: "\n  registry:\n", registry.map { device in
            "  - {id: \(device.id), type: \(device.type), grid: \(device.grid), building: '\(device.building ?? "")', owner: \(device.owner ?? "")}\n"
        })
        try Spreadsheet.csv(["id", "name", "phone", "grid"], residents.map { [$0.id, $0.name, $0.phone ?? "", $0.grid] })
            .write(to: url.deletingLastPathComponent().appendingPathComponent(residentsFile), options: .atomic)
        try ("# A city generated by `whistle simulate --generate-city` (\(grids) grids, \(residents.count) residents in \(residentsFile),"
            + " \(registry.count) devices, \(dutyOfficers) duty officers, seed \(seed)) on the demo city's rules.\n" + text)
            .write(to: url, atomically: true, encoding: .utf8)
        let read = try City.load(path: path)
        guard read.residents.count == residents.count, (read.devices?.registry ?? []).count == registry.count else {
            throw Requests.CommandFailure("the generated city reads back with \(read.residents.count) residents and \((read.devices?.registry ?? []).count) devices")
        }
    }

    private static func fill(_ text: String, _ empty: String, with heading: String, _ lines: [String]) throws -> String {
        guard let range = text.range(of: empty) else { throw Requests.CommandFailure("the city's YAML has no '\(empty.trimmingCharacters(in: .whitespacesAndNewlines))'") }
        return text.replacingCharacters(in: range, with: lines.isEmpty ? empty : heading + lines.joined())
    }

    private func person(_ template: City.Person, id: String, name: String) -> City.Person {
        var person = template
        (person.id, person.name) = (id, name)
        return person
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
