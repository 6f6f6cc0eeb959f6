import Foundation
import Testing
@testable import CityModel

@Suite("A city's residents file: a CSV beside the city file, read at every start")
struct ResidentsFileTests {
    /// A folder with the minimal one-grid city (one resident, r1, in its list) naming `residents.csv`, and that file.
    private func city(sheet: String, file: String = "residents.csv") throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("residents-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try (CityTests.minimal("") + "\nresidentsFile: \(file)\n").write(to: folder.appendingPathComponent("city.yaml"), atomically: true, encoding: .utf8)
        try sheet.write(to: folder.appendingPathComponent("residents.csv"), atomically: true, encoding: .utf8)
        return (folder, folder.appendingPathComponent("city.yaml").path)
    }

    @Test("the list's residents come first, then the file's rows — columns in any order, a byte-order mark, CRLF, quoted fields, spaces around cells")
    func readsBesideTheCityFile() throws {
        let (folder, path) = try city(sheet: "\u{FEFF}grid, id,name,phone,email\r\ng1,r2,\"王, 大爷\",13800000002, \r\ng1, r3 ,李阿姨,,li@example.org\r\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let city = try City.load(path: path)
        #expect(city.residents.map(\.id) == ["r1", "r2", "r3"])
        #expect(city.residents[id: "r2"]?.name == "王, 大爷" && city.residents[id: "r2"]?.phone == "13800000002")
        #expect(city.residents[id: "r2"]?.email == nil, "an empty cell is no e-mail, not an empty one")
        #expect(city.residents[id: "r3"]?.email == "li@example.org" && city.residents[id: "r3"]?.phone == nil)
        #expect(city.residents[id: "r9"] == nil)
        let absolute = folder.appendingPathComponent("residents.csv").path
        let elsewhere = try City.parse(yaml: CityTests.minimal("") + "\nresidentsFile: \(absolute)\n", path: "/nowhere/city.yaml")
        #expect(elsewhere.residents.map(\.id) == ["r1", "r2", "r3"], "an absolute path is read where it points")
    }

    @Test("every resident is found by id as a scan of the list finds them, the first of a name listed twice")
    func findsByID() {
        let listed = (0..<5_000).map { City.Resident(id: "r-\($0 * 7 % 5_000)", name: "居民\($0)", phone: nil, grid: "g1", webhook: nil, email: nil) }
        let residents = City.Residents(listed + [City.Resident(id: "r-3", name: "again", phone: nil, grid: "g1", webhook: nil, email: nil)])
        for resident in listed { #expect(residents[id: resident.id] == listed.first { $0.id == resident.id }) }
        #expect(residents[id: "r-3"]?.name != "again" && residents.count == 5_001 && residents[id: "r-5000"] == nil)
    }

    @Test("written and read as a plain list")
    func codesAsAList() throws {
        let residents: City.Residents = [City.Resident(id: "r1", name: "R", phone: nil, grid: "g1", webhook: nil, email: nil)]
        let data = try JSONEncoder().encode(residents)
        let plain = try JSONSerialization.jsonObject(with: data) as? [[String: String]]
        #expect(plain == [["id": "r1", "name": "R", "grid": "g1"]])
        #expect(try JSONDecoder().decode(City.Residents.self, from: data) == residents)
    }

    @Test("a file that is wrong is refused with its path and the line or column at fault", arguments: [
        ("id,name,grid,floor\nr2,R,g1,3\n", "unknown column 'floor'; the columns are id, name, phone, grid, webhook, email"),
        ("id,name\nr2,R\n", "the column 'grid' is missing"),
        ("id,name,grid\nr2,R,g1\nr3,,g1\n", "line 3: name empty"),
        ("id,name,grid\n,,g1\n", "line 2: id, name empty"),
        ("id,name,grid\nr2,R,g9\n", "resident r2 lives in unknown grid 'g9'"),
        ("id,name,grid\nr1,Again,g1\n", "resident id 'r1' is listed twice"),
    ])
    func refusals(sheet: String, message: String) throws {
        let (folder, path) = try city(sheet: sheet)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { try City.load(path: path) } throws: { error in
            "\(error)".contains(message) && (message.hasPrefix("resident") || "\(error)".contains(folder.appendingPathComponent("residents.csv").path))
        }
    }

    @Test("a residents file that is not there is named")
    func missing() throws {
        let (folder, path) = try city(sheet: "", file: "nobody.csv")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: CityError.unreadable(path: folder.appendingPathComponent("nobody.csv").path, reason: "no such file")) { try City.load(path: path) }
    }
}
