import CityModel
import Contracts
import Foundation
import Mustache
import Timekeeping

/// A people's mediation agreement (人民调解协议书) as a printable HTML document: what the law asks it to state
/// (the parties, the main facts, the disputed matters and each side's responsibility, the content agreed, the
/// way, place and deadline of performance), the signatures, the committee's seal, and the judicial-confirmation
/// notice — one copy per party and one for the file, each on its own A4 page. Before the seal it is marked a
/// draft. Times are on the city's clock.
struct AgreementDocument {
    static let template: MustacheTemplate = {
        do { return try MustacheTemplate(string: AgreementDocument.source) } catch { preconditionFailure("the agreement template does not parse: \(error)") }
    }()

    let file: MediationFile
    let agreement: MediationAgreement
    let city: City

    func render() -> String {
        AgreementDocument.template.render(context)
    }

    var context: [String: Any] {
        let calendar = city.calendar
        let parties: [[String: Any]] = file.parties.map { party in
            ["id": party.id, "name": party.entry.name, "side": party.entry.side == .applicant ? "申请人" : "被申请人",
             "contact": party.entry.contact ?? "", "address": party.entry.address ?? "",
             "signed": party.signedAt.map(calendar.localTime) ?? "", "isSigned": party.signedAt != nil, "refused": party.refusedAt != nil]
        }
        let copies: [[String: Any]] = file.parties.filter { $0.refusedAt == nil }.map { ["holder": "当事人 \($0.entry.name)（\($0.id)）收执"] }
            + [["holder": "\(committee)存档"]]
        return [
            "mediation": file.mediation, "case": file.caseID, "committee": committee, "mediator": file.mediator.name,
            "parties": parties, "copies": copies, "copyCount": copies.count,
            "facts": agreement.terms.facts, "matters": agreement.terms.matters, "responsibilities": agreement.terms.responsibilities,
            "terms": agreement.terms.terms, "way": agreement.terms.performanceWay, "place": agreement.terms.performancePlace,
            "by": agreement.terms.performanceBy, "drafted": calendar.localTime(agreement.draftedAt),
            "sealed": agreement.sealedAt.map(calendar.localTime) ?? "", "draft": agreement.sealedAt == nil,
            "windowCloses": agreement.windowClosesAt.map(calendar.localTime) ?? "", "hasWindow": agreement.windowClosesAt != nil,
            "court": agreement.court ?? "", "confirmation": confirmation,
        ]
    }

    /// The committee whose seal the agreement carries, as the city names it: the community's (调委会) for grid and
    /// community mediators, the street's, or the district's joint mediation centre (联调).
    var committee: String {
        let street = city.street(file.location.street)
        let community = city.community(file.location.community, in: file.location.street)
        switch file.level {
        case .grid, .community: return community?.mediator.name ?? "\(file.location.community)人民调解委员会"
        case .street: return street?.mediator?.name ?? "\(street?.name ?? file.location.street)人民调解委员会"
        case .district: return city.district.mediator?.name ?? "\(city.district.name)矛盾纠纷联合调解中心"
        }
    }

    var confirmation: String {
        switch agreement.confirmation {
        case nil: ""
        case .applied?: "已申请司法确认（\(agreement.court ?? "")）"
        case .confirmed?: "已经\(agreement.court ?? "人民法院")司法确认"
        case .rejected?: "\(agreement.court ?? "人民法院")裁定驳回司法确认申请"
        }
    }
}
