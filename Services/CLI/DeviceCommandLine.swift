public import ArgumentParser
public import Contracts
import Envelope
import Foundation

struct DeviceCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device", abstract: "Register a sensor or gate with intake's device registry, retire one, or list them.",
        discussion: """
            A registered device's events need no coordinates: its entry places it. Examples:
              whistle device register yg-g05-0103 --type whistle.sensor.smoke --grid g05 --building 新民社区2区5号楼 --owner sensor-gateway
              whistle device register mj-g02-0001 --type whistle.gate --grid g02 --owner sensor-gateway
              whistle device retire yg-g05-0103 --owner sensor-gateway
              whistle device list --area c02 --silent        # the registry (docs/schemas/messages/device-list.json): last state, last heard, silent
            Then: echo '{"specversion":"1.0","id":"s-1","source":"/sensors/yg-g05-0103","type":"whistle.sensor.smoke","data":{"device":"yg-g05-0103","reading":0.4}}' | whistle event -
            With keys, an integrator acts as its own identity (--as sensor-gateway, and --owner the same); an operator for anyone.
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "register | retire | list") var action: String
    @Argument(help: "Device id (yg-g05-0103 …); not for list.") var device: String?
    @Option(help: "register: the event type it sends (whistle.sensor.smoke) or family (whistle.gate).") var type: String?
    @Option(help: "register: its grid code.") var grid: String?
    @Option(help: "register: the building or place it is fixed in.") var building: String?
    @Option(help: "register: longitude (WGS84), inside its grid.") var longitude: Double?
    @Option(help: "register: latitude (WGS84), inside its grid.") var latitude: Double?
    @Option(help: "The integrator that runs it (an integrator must name itself).") var owner: String?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "list: only the devices of this grid, community, street or the district.") var area: String?
    @Flag(help: "list: only the silent ones (not heard for their type's silentAfter).") var silent = false

    func run() async throws {
        if action == "list" { return try await list() }
        guard let action = DeviceAction(rawValue: action) else { throw ValidationError("the action is register, retire or list, not '\(action)'") }
        guard let device else { throw ValidationError("\(action.rawValue) needs the device's id") }
        let command = DeviceCommand(command: id ?? Requests.newCommandID(), device: device, action: action, type: type, grid: grid,
                                    building: building, longitude: longitude, latitude: latitude, owner: owner)
        try await Requests.send(command, to: suite.deviceCommands, security: try suite.security(actingAs: owner ?? "operator"), server: "intake-1")
    }

    /// `GET /devices` on intake's HTTP address, with the operator's key (or --as).
    func list() async throws {
        var query = URLComponents()
        query.queryItems = [area.map { URLQueryItem(name: "area", value: $0) }, silent ? URLQueryItem(name: "silent", value: "1") : nil].compactMap { $0 }
        let body = try await Requests.get("http://\(suite.http("intake"))/devices" + (query.queryItems!.isEmpty ? "" : "?" + (query.percentEncodedQuery ?? "")),
                                          what: "devices", apiKey: try suite.apiKey(actingAs: "operator"))
        print(String(decoding: try JSONValue.parse(body).jsonData(pretty: true), as: UTF8.self), terminator: "")
    }
}
