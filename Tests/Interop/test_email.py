"""E-mail as a mail server receives it: `whistle up` with `--smtp` sends each notice to aiosmtpd (a real SMTP server from
PyPI) over STARTTLS, the server's certificate vouched for by `--smtp-ca`; the subject is Chinese as an RFC 2047
encoded-word, the date on the city's clock (+08:00), the body 8bit UTF-8; a 451 is retried with the same Message-ID and
accepted once; a 550 ends the delivery at once, and the operator sees why."""
import email
import email.policy
import email.utils
import json
import ssl
import subprocess
import threading

from aiosmtpd.controller import Controller

from conftest import bin_dir, eventually, free_port, suite_base_port
from whistle_schemas import check_message


class MailServer:
    """aiosmtpd requiring STARTTLS, keeping each message it accepts; `refuse_first` answers the first DATA for those
    addresses 451 (try later); `unknown` mailboxes get 550 at RCPT."""

    def __init__(self, tmp_path, refuse_first=(), unknown=()):
        key, self.certificate = tmp_path / "smtp-key.pem", tmp_path / "smtp-cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(self.certificate),
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.certificate), str(key))
        self.accepted, self.refused = [], []
        self.lock = threading.Lock()
        self.pending_refusals, self.unknown = set(refuse_first), set(unknown)
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, tls_context=context, require_starttls=True)
        self.controller.start()

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.unknown:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        seen = {"to": envelope.rcpt_tos[0], "message": message, "tls": session.ssl is not None, "options": list(envelope.mail_options)}
        with self.lock:
            if envelope.rcpt_tos[0] in self.pending_refusals:
                self.pending_refusals.discard(envelope.rcpt_tos[0])
                self.refused.append(seen)
                return "451 4.3.0 mailbox busy, try again later"
            self.accepted.append(seen)
        return "250 2.0.0 accepted"

    def to(self, address):
        with self.lock:
            return [seen for seen in self.accepted if seen["to"] == address]


def test_residents_hear_by_e_mail_over_starttls_in_chinese_retried_once_refused_for_good(suite, tmp_path):
    from test_suite_up import whistle
    server = MailServer(tmp_path, refuse_first={"r001@example.org"}, unknown={"gone@example.org"})
    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys")]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--smtp", f"localhost:{server.port}",
                                 "--smtp-ca", str(server.certificate), "--smtp-from", "whistle@city.example.org",
                                 "--email", "r-001=r001@example.org", "--email", "r-002=gone@example.org"])
    up.wait_line("suite ready", timeout=90)
    try:
        answer = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", "r-001", *ports)
        assert answer["status"] == "accepted", answer
        case = answer["case"]
        eventually(lambda: any(case in str(seen["message"]["subject"]) for seen in server.to("r001@example.org")),
                   "r-001's receipt arrives by e-mail", timeout=20)
        receipt = next(seen for seen in server.to("r001@example.org") if case in str(seen["message"]["subject"]))
        message = receipt["message"]
        assert str(message["subject"]) == f"【吹哨】案件 {case} 已受理", message["subject"]
        assert "=?UTF-8?B?" in message.as_string().split("\n\n")[0], "the subject went as an RFC 2047 encoded-word"
        assert receipt["tls"], "the message went after STARTTLS"
        assert "BODY=8BITMIME" in receipt["options"] and message["Content-Transfer-Encoding"] == "8bit"
        assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
        assert f"案件编号 {case}" in message.get_content() and "已受理" in message.get_content()
        sent = email.utils.parsedate_to_datetime(message["Date"])
        assert sent.utcoffset().total_seconds() == 8 * 3600, message["Date"]
        assert message["From"].addresses[0].display_name == "吹哨" and message["From"].addresses[0].addr_spec == "whistle@city.example.org"

        # The first try met 451 and was tried again: the same Message-ID both times, accepted once.
        first = server.refused[0]["message"]
        assert str(first["subject"]) == str(message["subject"]) and first["Message-ID"] == message["Message-ID"], (first["Message-ID"], message["Message-ID"])
        assert len([seen for seen in server.to("r001@example.org") if seen["message"]["Message-ID"] == message["Message-ID"]]) == 1

        # Who has the case comes next, in order, by e-mail too.
        eventually(lambda: any("已交办" in str(seen["message"]["subject"]) for seen in server.to("r001@example.org")), "r-001 hears who has it")
        subjects = [str(seen["message"]["subject"]) for seen in server.to("r001@example.org")]
        assert subjects.index(f"【吹哨】案件 {case} 已受理") < subjects.index(f"【吹哨】案件 {case} 已交办"), subjects

        def cli(*args):
            out = subprocess.run([str(bin_dir() / "whistle"), *args, *ports], capture_output=True, text=True, timeout=30)
            assert out.returncode == 0, out.stdout + out.stderr
            return json.loads(out.stdout)
        # The operator sees both attempts of the receipt: 451, then 250.
        delivered = check_message("delivery-list", cli("notify", "failed", "--recipient", "r-001"))["deliveries"]
        assert delivered == [], delivered
        receipt_id = message["Message-ID"].strip("<>").split("@")[0].rsplit(".", 1)[1]
        shown = check_message("delivery-view", cli("notify", "show", receipt_id))
        assert shown["summary"]["channel"] == "email" and shown["summary"]["state"] == "delivered"
        assert [(a["attempt"], a.get("status")) for a in shown["attemptLog"]] == [(1, 451), (2, 250)], shown["attemptLog"]

        # r-002's mailbox does not exist: 550 at RCPT ends the delivery after one attempt.
        gone = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", "r-002", *ports)["case"]

        def failed():
            listed = check_message("delivery-list", cli("notify", "failed", "--recipient", "r-002"))["deliveries"]
            return [d for d in listed if d["case"] == gone and d["kind"] == "received"]
        eventually(failed, "r-002's receipt is given up", timeout=20)
        refused = failed()[0]
        assert (refused["channel"], refused["attempts"]) == ("email", 1) and refused["lastError"].startswith("SMTP 550"), refused
        assert server.to("gone@example.org") == []
    finally:
        server.controller.stop()


def test_an_open311_requester_hears_by_e_mail_the_address_staying_in_intake(suite, tmp_path):
    """A hotline posts an Open311 request with the caller's e-mail (the form as any GeoReport client sends it): the
    receipt arrives at aiosmtpd for that address, subject 【吹哨】案件 <service_request_id> 已受理. The events name the
    requester by a reference (o311-…); notification asks intake for the address as it sends (a grid worker may not),
    and its own store never holds it."""
    import glob
    import os

    import requests

    from conftest import api_get
    from whistle_keys import Keys
    server = MailServer(tmp_path)
    base = suite_base_port()
    keys = str(tmp_path / "data" / "keys")
    ports = ["--base-port", str(base), "--keys", keys]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--smtp", f"localhost:{server.port}",
                                 "--smtp-ca", str(server.certificate), "--smtp-from", "whistle@city.example.org"])
    up.wait_line("suite ready", timeout=90)
    try:
        form = {"api_key": Keys(keys, "hotline").api_key, "jurisdiction_id": "d01", "service_code": "ljdf", "lat": "35.5315",
                "long": "106.652", "description": "楼下垃圾三天没人收", "email": "zhang.san@example.org", "first_name": "三", "last_name": "张"}
        posted = requests.post(f"http://127.0.0.1:{base + 110}/open311/v2/requests.json", data=form, timeout=10)
        assert posted.status_code == 201, posted.text
        case = posted.json()[0]["service_request_id"]
        eventually(lambda: any(str(seen["message"]["subject"]) == f"【吹哨】案件 {case} 已受理" for seen in server.to("zhang.san@example.org")),
                   "the requester's receipt arrives by e-mail", timeout=20)
        receipt = next(seen for seen in server.to("zhang.san@example.org") if case in str(seen["message"]["subject"]))
        assert receipt["tls"] and f"案件编号 {case}" in receipt["message"].get_content()

        # The requester is a reference in notification's deliveries; the address is read from intake by notification (a
        # service key) alone, never kept in notification's store.
        listed = json.loads(subprocess.run([str(bin_dir() / "whistle"), "notify", "failed", "--state", "delivered", *ports],
                                           capture_output=True, text=True, timeout=30, check=True).stdout)["deliveries"]
        requester = next(d["recipient"] for d in listed if d["case"] == case and d["channel"] == "email")
        assert requester.startswith("o311-") and "@" not in requester, requester
        assert api_get(f"http://127.0.0.1:{base + 301}/requesters/{requester}", keys, "gw-g01")[0] == 403
        status, address = api_get(f"http://127.0.0.1:{base + 301}/requesters/{requester}", keys, "notification-1")
        assert status == 200 and check_message("requester-address", address)["email"] == "zhang.san@example.org"
        files = [path for path in glob.glob(str(tmp_path / "data" / "notification" / "**"), recursive=True) if os.path.isfile(path)]
        assert files and not any(b"zhang.san@example.org" in open(path, "rb").read() for path in files), "notification's store never holds it"
    finally:
        server.controller.stop()
