import CityModel
import Contracts
import Foundation
import Testing
@testable import WhistleIntake

@Suite("Open311 decisions: forms, services, and the public status dispatch's steps move")
struct Open311DeskTests {
    let city = try! City.demo()
    let time = Date(timeIntervalSince1970: 1_800_000_000)

    /// As the server does: the key first, then the rest of the form.
    func submission(_ form: String) throws(Open311.Error) -> Open311Desk.Submission {
        let fields = try Open311Desk.fields(ofForm: form)
        _ = try Open311Desk.apiKey(in: fields)
        return try Open311Desk.submission(fields, city: city)
    }

    func refusal(_ form: String) -> Open311.Error? {
        do { _ = try submission(form) } catch { return error }
        return nil
    }

    @Test("a form decodes + and percent escapes, keeps attribute[code] and attribute[code][] answers, and composes the description")
    func form() throws {
        let posted = try submission("api_key=k&service_code=zsrm&lat=35.5315&long=106.652&description=%E5%A4%9C%E9%87%8C+%E5%BE%88%E5%90%B5"
                                    + "&attribute%5Bwhen%5D%5B%5D=evening&attribute[when][]=night&phone=138+1234+5678&account_id=r-001")
        #expect(try Open311Desk.apiKey(in: Open311Desk.fields(ofForm: "service_code=x&api_key=k")) == "k" && posted.report.category == "zsrm")
        #expect(posted.report.latitude == 35.5315 && posted.report.longitude == 106.652)
        #expect(posted.answers == ["when": ["evening", "night"]])
        #expect(posted.report.description == "夜里 很吵\n发生时段 (time of day): 傍晚 (evening), 夜间 (night)")
        #expect(posted.contact.phone == "138 1234 5678" && posted.report.reporter == "r-001", "a city resident's account is the reporter")
        let stranger = try submission("api_key=k&service_code=ljdf&address_string=中山社区1区&account_id=someone")
        #expect(stranger.report.reporter == nil && stranger.contact.accountID == "someone")
    }

    @Test("the same form in another order is the same request; another form is not")
    func fingerprint() throws {
        let one = try submission("api_key=a&service_code=ljdf&lat=35.5315&long=106.652")
        let reordered = try submission("long=106.652&lat=35.5315&service_code=ljdf&api_key=b")
        let other = try submission("api_key=a&service_code=ljdf&lat=35.5316&long=106.652")
        #expect(one.fingerprint == reordered.fingerprint && one.fingerprint != other.fingerprint)
    }

    @Test("each fault is the specification's status with a description naming what is wrong", arguments: [
        ("service_code=ljdf&lat=35.5&long=106.6", 403, "api_key is required"),
        ("api_key=k&lat=35.5&long=106.6", 400, "service_code is required"),
        ("api_key=k&service_code=nope&lat=35.5&long=106.6", 404, "service_code 'nope' not found"),
        ("api_key=k&service_code=ljdf", 400, "a location is required"),
        ("api_key=k&service_code=ljdf&lat=35.5", 400, "lat and long must be given together"),
        ("api_key=k&service_code=ljdf&lat=north&long=106.6", 400, "lat 'north' is not a latitude"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=200", 400, "long '200' is not a longitude"),
        ("api_key=k&service_code=gkpw&lat=35.5&long=106.6", 400, "attribute[injured] is required"),
        ("api_key=k&service_code=gkpw&lat=35.5&long=106.6&attribute[injured]=no&attribute[floor]=high", 400, "must be a number"),
        ("api_key=k&service_code=gkpw&lat=35.5&long=106.6&attribute[injured]=no&attribute[injured]=yes", 400, "takes one value"),
        ("api_key=k&service_code=gkpw&lat=35.5&long=106.6&attribute[injured]=no&attribute[colour]=red", 400, "attribute 'colour' is not asked"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=106.6&service_code=zsrm", 400, "field 'service_code' is given twice"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=106.6&jurisdiction_id=x", 404, "jurisdiction_id 'x' not found"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=106.6&media_url=ftp://x", 400, "media_url must be an http(s) URL"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=106.6&email=nobody", 400, "email 'nobody' is not an e-mail address"),
        ("api_key=k&service_code=ljdf&lat=35.5&long=106.6&description=%FF", 400, "not valid application/x-www-form-urlencoded UTF-8"),
    ])
    func faults(form: String, status: Int, words: String) {
        let error = refusal(form)
        #expect(error?.code == status)
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
    }

    @Test("an empty optional field is as if it were absent: jurisdiction_id=, media_url=, email= change nothing")
    func emptyOptionalFields() throws {
        let bare = try submission("api_key=k&service_code=ljdf&lat=35.5315&long=106.652")
        let empty = try submission("api_key=k&service_code=ljdf&lat=35.5315&long=106.652&jurisdiction_id=&media_url=&email=&phone=")
        #expect(empty.report == bare.report && empty.contact == bare.contact && empty.mediaURL == nil)
        #expect(try submission("api_key=k&service_code=ljdf&lat=35.5315&long=106.652&jurisdiction_id=d01").report == bare.report)
    }

    @Test("services come from the city's categories; a definition lists its attributes in order with their values")
    func services() throws {
        let services = Open311Desk.services(of: city)
        #expect(services.count == city.categories.count)
        let gkpw = try #require(services.first { $0.serviceCode == "gkpw" })
        #expect(gkpw.metadata && gkpw.group == "城管" && gkpw.serviceName == "高空抛物")
        #expect(services.first { $0.serviceCode == "ljdf" }?.metadata == false)
        let definition = try Open311Desk.definition(of: "gkpw", in: city)
        #expect(definition.attributes.map(\.code) == ["floor", "injured"] && definition.attributes.map(\.order) == [1, 2])
        #expect(definition.attributes[1].values?.map(\.key) == ["no", "yes"] && definition.attributes[1].required)
        #expect(definition.attributes.map(\.datatypeDescription) == ["a number, such as 3 or 2.5", "one of the values' keys"],
                "every attribute says in words what to give (datatype_description)")
        #expect(throws: Open311.Error(code: 404, description: "service_code 'x' not found")) { try Open311Desk.definition(of: "x", in: city) }
    }

    @Test("the public status follows the ladder: open while it climbs, closed once resolved, open again for rework")
    func publicStatus() {
        let location = GridLocation(street: "s01", community: "c01", grid: "g01")
        func step<Detail: CaseStepDetail>(_ status: CaseStatus, _ detail: Detail) -> CaseStep<Detail> {
            CaseStep(caseID: "intake-1-1", status: status, category: "ljdf", location: location, reporter: nil, detail: detail)
        }
        let due = time.addingTimeInterval(3600)
        var view = PublicStatus.received(at: time)
        view = view.after(step(.assigned, Assigned(task: "t", kind: .grid, holder: PersonRef(id: "gw-g01", name: "王芳"), level: .grid,
                                                   handleBy: due)), in: city, at: time.addingTimeInterval(1))
        #expect(view == PublicStatus(isOpen: true, notes: "with 王芳 at the grid rung", agency: "王芳", expected: due,
                                     updated: time.addingTimeInterval(1)))
        let later = time.addingTimeInterval(7200)
        view = view.after(step(.dispatched, Dispatched(department: "cg", departments: ["cg", "wy"], note: "", level: .community)), in: city, at: later)
        #expect(view.isOpen && view.agency == "城管" && view.notes == "dispatched to 城管, 物业" && view.expected == nil)
        let overdue = view.after(step(.dispatched, Reminded(task: "t", department: "cg", stage: .handle, dueAt: due, supervisor: nil)),
                                 in: city, at: later.addingTimeInterval(1))
        #expect(overdue.notes == view.notes && overdue.expected == due, "internal reminders move the dates, not the notes")
        view = view.after(step(.verified, Verified(level: .community, by: "co-c01", note: nil)), in: city, at: later)
        #expect(!view.isOpen)
        view = view.after(step(.reopened, Reopened(round: 2, task: "t", department: "cg")), in: city, at: later)
        #expect(view.isOpen && view.notes == "reopened for rework")
        let stale = view.after(step(.closed, Closed(outcome: .rated, level: .community, by: "r-001", reason: nil)), in: city, at: time)
        #expect(!stale.isOpen && stale.updated == later, "updated never goes back")
    }
}
