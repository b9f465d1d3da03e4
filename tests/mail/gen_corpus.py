# gen_corpus.py - writes tests/mail/corpus/*.eml and expected.tsv (run with
# /usr/bin/python3 after changing a message; the files are committed).
import os, base64
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
exp = []
n = [0]
def msg(name, raw, fields, checks=""):
    n[0] += 1
    fn = "%02d-%s.eml" % (n[0], name)
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    open(os.path.join(out, fn), "wb").write(raw)
    exp.append("%s\t%s\t%s" % (fn, fields, checks))
    return fn

def hdr(frm, subj, mid, extra=""):
    s = "From: %s\nTo: support@desk.example\nSubject: %s\nDate: Sun, 1 Mar 2026 09:00:00 +0000\n" % (frm, subj)
    if mid:
        s += "Message-ID: <%s>\n" % mid
    return s + extra

B = b"\n"
def b(s): return s.encode("utf-8") if isinstance(s, str) else s

first = hdr("Alice Example <alice@example.com>", "My order has not arrived", "c01@example.com") + "\nHello, my order 4711 has not arrived yet.\n"
msg("plain-ascii", first, "outcome=delivered ticket=1 new_ticket=1 new_customer=1 machine=no", "show:order 4711 has not arrived;show:alice@example.com")
msg("address-case", hdr("ALICE@Example.COM", "Second question", "c02@example.com") + "\nAnother question.\n", "outcome=delivered ticket=2 new_ticket=1 customer=1 new_customer=0", "show:Another question")
msg("latin1-declared", b(hdr("Jörg <joerg@example.de>", "=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=", "c03@example.de", "MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n")) + b"\nIch m\xf6chte wissen, was Sie \xfcber mich speichern.\n", "outcome=delivered new_ticket=1 new_customer=1", "show:Grüße aus Köln;show:Ich möchte wissen, was Sie über mich speichern")
msg("latin9-euro", b(hdr("f@example.fr", "Prix", "c04@example.fr", "MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: 8bit\n")) + b"\nLe prix est de 20 \xa4, d\xe9j\xe0 pay\xe9.\n", "outcome=delivered new_ticket=1", "show:20 €, déjà payé")
msg("cp1252-quotes", b(hdr("w@example.com", "Quotes", "c05@example.com", "MIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: 8bit\n")) + b"\nShe said \x93hello\x94 and paid \x80 5 \x96 thanks.\n", "outcome=delivered new_ticket=1", "show:She said “hello” and paid € 5 – thanks")
msg("koi8r", b(hdr("ivan@example.ru", "=?KOI8-R?B?" + base64.b64encode("Вопрос".encode("koi8-r")).decode() + "?=", "c06@example.ru", "MIME-Version: 1.0\nContent-Type: text/plain; charset=KOI8-R\nContent-Transfer-Encoding: 8bit\n")) + B + "Здравствуйте, удалите мои данные.\n".encode("koi8-r"), "outcome=delivered new_ticket=1", "show:Вопрос;show:Здравствуйте, удалите мои данные")
msg("shift-jis", b(hdr("taro@example.jp", "=?Shift_JIS?B?" + base64.b64encode("注文について".encode("shift_jis")).decode() + "?=", "c07@example.jp", "MIME-Version: 1.0\nContent-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n")) + B + "注文がまだ届いていません。\n".encode("shift_jis"), "outcome=delivered new_ticket=1", "show:注文について;show:注文がまだ届いていません")
msg("gb2312", b(hdr("li@example.cn", "=?GB2312?B?" + base64.b64encode("退款".encode("gb2312")).decode() + "?=", "c08@example.cn", "MIME-Version: 1.0\nContent-Type: text/plain; charset=GB2312\nContent-Transfer-Encoding: 8bit\n")) + B + "我想要退款。\n".encode("gb2312"), "outcome=delivered new_ticket=1", "show:退款;show:我想要退款")
msg("utf8-declared", hdr("u@example.com", "=?UTF-8?Q?Caf=C3=A9?=", "c09@example.com", "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n") + "\nNaïve café — ok ✓\n", "outcome=delivered new_ticket=1", "show:Café;show:Naïve café — ok ✓")
msg("utf8-undeclared", hdr("u2@example.com", "No MIME headers", "c10@example.com") + "\nÜberweisung erhalten? Ja/Nein — danke.\n", "outcome=delivered new_ticket=1", "show:Überweisung erhalten? Ja/Nein — danke.")
msg("latin1-undeclared", b(hdr("u3@example.com", "Undeclared 8bit", "c11@example.com")) + b"\nViele Gr\xfc\xdfe, M\xfcller\n", "outcome=delivered new_ticket=1", "show:Viele Grüße, Müller;!show:\ufffd")
msg("subject-b-utf8", hdr("s@example.com", "=?UTF-8?B?" + base64.b64encode("Datenauskunft nach Art. 15 – bitte".encode()).decode() + "?=", "c12@example.com") + "\nPlease.\n", "outcome=delivered new_ticket=1", "show:Datenauskunft nach Art. 15 – bitte")
msg("from-name-encoded", hdr("=?UTF-8?Q?Bj=C3=B6rk_Gu=C3=B0mundsd=C3=B3ttir?= <bjork@example.is>", "Hi", "c13@example.is") + "\nHi there.\n", "outcome=delivered new_ticket=1 new_customer=1", "show:Björk Guðmundsdóttir")
att = base64.b64encode(b"%PDF-1.4 fake invoice\n").decode()
msg("rfc2231-filename", hdr("r@example.com", "Invoice attached", "c14@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n") + "\n--b1\nContent-Type: text/plain; charset=utf-8\n\nSee the attached invoice.\n--b1\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*=UTF-8''Rechnung%20M%C3%A4rz%20%E2%82%AC.pdf\nContent-Transfer-Encoding: base64\n\n" + att + "\n--b1--\n", "outcome=delivered new_ticket=1", "show:See the attached invoice;att:Rechnung März €.pdf;att:application/pdf")
msg("rfc2047-filename", hdr("r2@example.com", "Photo", "c15@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n") + "\n--b1\nContent-Type: text/plain\n\nPhoto attached.\n--b1\nContent-Type: image/jpeg; name=\"=?UTF-8?Q?Fr=C3=BChling.jpg?=\"\nContent-Disposition: attachment; filename=\"=?UTF-8?Q?Fr=C3=BChling.jpg?=\"\nContent-Transfer-Encoding: base64\n\n" + base64.b64encode(b"\xff\xd8\xff\xe0fakejpeg").decode() + "\n--b1--\n", "outcome=delivered new_ticket=1", "att:Frühling.jpg;att:image/jpeg")
msg("html-only", hdr("h@example.com", "HTML only", "c16@example.com", "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n") + "\n<html><head><title>T</title></head><body><p>Dear support,</p><p>please <b>cancel</b> my account &amp; refund.<br>See <a href=\"https://example.com/order/9\">my order</a>.</p></body></html>\n", "outcome=delivered new_ticket=1", "show:Dear support,;show:please cancel my account & refund.;show:my order <https://example.com/order/9>;!show:<p>;!show:<b>")
msg("html-script-style", hdr("h2@example.com", "HTML with script", "c17@example.com", "MIME-Version: 1.0\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n") + "\n<html><head><style>p{color:red}</style><script>alert('x')</script></head><body><div>Gr=FC=DFe</div><ul><li>one</li><li>two</li></ul></body></html>\n", "outcome=delivered new_ticket=1", "show:Grüße;show:- one;show:- two;!show:alert;!show:color:red")
msg("alternative", hdr("a@example.com", "Alternative", "c18@example.com", "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"alt\"\n") + "\n--alt\nContent-Type: text/plain; charset=utf-8\n\nThe PLAIN version.\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p>The HTML version.</p>\n--alt--\n", "outcome=delivered new_ticket=1", "show:The PLAIN version.;!show:The HTML version")
msg("alternative-html-first", hdr("a2@example.com", "Alternative reversed", "c19@example.com", "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"alt\"\n") + "\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML first.</p>\n--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain second.\n--alt--\n", "outcome=delivered new_ticket=1", "show:Plain second.;!show:HTML first")
msg("mixed-alt-pdf", hdr("m@example.com", "With PDF", "c20@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"mix\"\n") + "\n--mix\nContent-Type: multipart/alternative; boundary=\"alt\"\n\n--alt\nContent-Type: text/plain\n\nContract attached.\n--alt\nContent-Type: text/html\n\n<p>Contract attached (html).</p>\n--alt--\n--mix\nContent-Type: application/pdf; name=\"contract.pdf\"\nContent-Disposition: attachment; filename=\"contract.pdf\"\nContent-Transfer-Encoding: base64\n\n" + att + "\n--mix--\n", "outcome=delivered new_ticket=1", "show:Contract attached.;!show:(html);att:contract.pdf")
msg("related-inline-image", hdr("m2@example.com", "Inline image", "c21@example.com", "MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"rel\"\n") + "\n--rel\nContent-Type: text/html; charset=utf-8\n\n<p>Screenshot below:</p><img src=\"cid:img1\" alt=\"error dialog\">\n--rel\nContent-Type: image/png\nContent-ID: <img1>\nContent-Transfer-Encoding: base64\n\n" + base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode() + "\n--rel--\n", "outcome=delivered new_ticket=1", "show:Screenshot below:;show:[error dialog];att:image/png;att:inline")
msg("forwarded", hdr("fw@example.com", "Fwd: complaint from my neighbour", "c22@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"f\"\n") + "\n--f\nContent-Type: text/plain\n\nSee below.\n--f\nContent-Type: message/rfc822\n\nFrom: Neighbour <n@example.net>\nSubject: The original\nDate: Sat, 28 Feb 2026 10:00:00 +0000\nMessage-ID: <orig@example.net>\n\nThis is the forwarded text.\n--f--\n", "outcome=delivered new_ticket=1", "show:See below.;show:Forwarded message;show:Neighbour <n@example.net>;show:This is the forwarded text.")
msg("no-message-id", hdr("nomid@example.com", "No Message-ID", None) + "\nNo id here.\n", "outcome=delivered new_ticket=1", "show:No id here.")
msg("broken-unclosed-multipart", hdr("br@example.com", "Broken MIME", "c24@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"zz\"\n") + "\n--zz\nContent-Type: text/plain\n\nText before the end that never comes.\n", "outcome=delivered new_ticket=1", "show:Text before the end that never comes.")
msg("broken-no-boundary", hdr("br2@example.com", "Multipart without boundary", "c25@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed\n") + "\nJust some text in a multipart without boundary.\n", "outcome=delivered new_ticket=1", "")
msg("base64-body", hdr("b64@example.com", "Base64", "c26@example.com", "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n") + "\n" + base64.encodebytes("Base64 body: Zürich\n".encode()).decode(), "outcome=delivered new_ticket=1", "show:Base64 body: Zürich")
msg("qp-soft-breaks", hdr("qp@example.com", "QP", "c27@example.com", "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n") + "\nThis line is long and broken by a soft =\nline break, with =C3=A9 in it.\n", "outcome=delivered new_ticket=1", "show:This line is long and broken by a soft line break, with é in it.")
msg("vacation-auto-replied", hdr("alice@example.com", "Out of office: Re: My order [docket #1]", "c28@example.com", "Auto-Submitted: auto-replied\n") + "\nI am away until Monday.\n", "outcome=delivered ticket=1 new_ticket=0 machine=yes", "show:I am away until Monday.")
msg("precedence-bulk", hdr("news@shop.example", "Our newsletter", "c29@shop.example", "Precedence: bulk\n") + "\nBig sale.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("list-id", hdr("list@lists.example", "[list] Weekly digest", "c30@lists.example", "List-Id: Users <users.lists.example>\n") + "\nDigest.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("x-loop-ours", hdr("someone@example.com", "Loop", "c31@example.com", "X-Loop: support@desk.example\n") + "\nLooped.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("mailer-daemon", hdr("MAILER-DAEMON@mx.example.com", "Undeliverable", "c32@mx.example.com") + "\nSomething failed.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("postmaster", hdr("Postmaster <postmaster@example.org>", "Notice", "c33@example.org") + "\nNotice.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("dsn-unknown", hdr("MAILER-DAEMON@mx.example.com", "Undelivered Mail Returned to Sender", "c34@mx.example.com", "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n") + "\n--r\nContent-Type: text/plain\n\nThe mail could not be delivered.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; gone@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n--r\nContent-Type: text/rfc822-headers\n\nFrom: support@desk.example\nTo: gone@example.com\nMessage-ID: <never-sent@desk.example>\nSubject: Re: x\n--r--\n", "outcome=report ticket=0 machine=yes note=reports a message docket did not send (never-sent@desk.example)", "")
msg("redelivery-same-bytes", first, "outcome=duplicate raw=1 ticket=1", "")
third = open(os.path.join(out, "03-latin1-declared.eml"), "rb").read()
msg("redelivery-same-id-new-bytes", b"Received: from mx2.example.de by mx.desk.example; Sun, 1 Mar 2026 09:05:00 +0000\n" + third, "outcome=duplicate raw=3 ticket=3", "")
msg("same-id-other-sender", hdr("mallory@example.net", "Same id, other sender", "c03@example.de") + "\nNot a redelivery.\n", "outcome=delivered new_ticket=1 new_customer=1", "show:Not a redelivery.")
msg("subject-tag", hdr("alice@example.com", "Re: Second question [docket #2]", "c38@example.com") + "\nFollow-up by tag.\n", "outcome=delivered ticket=2 new_ticket=0", "show:Follow-up by tag.")
msg("subject-tag-spaced", hdr("alice@example.com", "AW: [ Docket  #2 ] noch was", "c39@example.com") + "\nSpaced tag.\n", "outcome=delivered ticket=2 new_ticket=0", "show:Spaced tag.")
msg("subject-tag-unknown-ticket", hdr("alice@example.com", "Re: old [docket #999]", "c40@example.com") + "\nTag of a ticket that does not exist.\n", "outcome=delivered new_ticket=1 new_customer=0", "")
msg("in-reply-to-theirs", hdr("alice@example.com", "Re: My order has not arrived", "c41@example.com", "In-Reply-To: <c01@example.com>\n") + "\nReply to my own first mail.\n", "outcome=delivered ticket=1 new_ticket=0", "show:Reply to my own first mail.")
msg("references-last-known", hdr("bob@example.com", "Re: Re: something", "c42@example.com", "References: <unknown1@x.example> <c18@example.com> <unknown2@y.example>\n") + "\nThreaded by References.\n", "outcome=delivered ticket=18 new_ticket=0 new_customer=0", "show:Threaded by References.")
msg("auto-submitted-no", hdr("human@example.com", "A person", "c43@example.com", "Auto-Submitted: no\n") + "\nI am a person.\n", "outcome=delivered new_ticket=1 machine=no", "")
msg("empty-body", hdr("empty@example.com", "Empty", "c44@example.com") + "\n", "outcome=delivered new_ticket=1", "show:(no text)")
msg("no-subject", "From: nosubj@example.com\nTo: support@desk.example\nMessage-ID: <c45@example.com>\n\nNo subject line.\n", "outcome=delivered new_ticket=1", "show:(no subject);show:No subject line.")
msg("not-a-message", b"\x00\x01\x02 binary garbage \xff\xfe\n", "outcome=quarantined", "quar:not an RFC 5322 message")
msg("no-from", "To: support@desk.example\nSubject: Who am I\nMessage-ID: <c47@example.com>\n\nNo From.\n", "outcome=quarantined", "quar:no sender address")
msg("from-without-address", "From: undisclosed-recipients\nTo: support@desk.example\nSubject: Bad from\nMessage-ID: <c48@example.com>\n\nBad From.\n", "outcome=quarantined", "")
msg("winmail-dat", hdr("outlook@example.com", "Outlook TNEF", "c49@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"t\"\n") + "\n--t\nContent-Type: text/plain\n\nSee attachment.\n--t\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Disposition: attachment; filename=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n" + base64.b64encode(b"\x78\x9f\x3e\x22" + b"tnef" * 10).decode() + "\n--t--\n", "outcome=delivered new_ticket=1", "att:winmail.dat;att:application/ms-tnef")
big = base64.encodebytes(bytes(range(256)) * 2048).decode()  # 512 KiB
msg("large-attachment", hdr("big@example.com", "Large attachment", "c50@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"L\"\n") + "\n--L\nContent-Type: text/plain\n\nLog file attached.\n--L\nContent-Type: application/octet-stream; name=\"big.log\"\nContent-Disposition: attachment; filename=\"big.log\"\nContent-Transfer-Encoding: base64\n\n" + big + "--L--\n", "outcome=delivered new_ticket=1", "att:big.log;att:524288 bytes")
msg("signed", hdr("sig@example.com", "Signed", "c51@example.com", "MIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"application/pgp-signature\"; micalg=pgp-sha256; boundary=\"s\"\n") + "\n--s\nContent-Type: text/plain\n\nSigned text.\n--s\nContent-Type: application/pgp-signature; name=\"signature.asc\"\n\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n--s--\n", "outcome=delivered new_ticket=1", "show:Signed text.;att:application/pgp-signature")
msg("encrypted", hdr("enc@example.com", "Encrypted", "c52@example.com", "MIME-Version: 1.0\nContent-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"e\"\n") + "\n--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n--e\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\n\n-----BEGIN PGP MESSAGE-----\nxyz\n-----END PGP MESSAGE-----\n--e--\n", "outcome=delivered new_ticket=1", "att:encrypted.asc;att:application/pgp-encrypted")
msg("iso-2022-jp", b(hdr("jis@example.jp", "=?ISO-2022-JP?B?" + base64.b64encode("返品".encode("iso-2022-jp")).decode() + "?=", "c53@example.jp", "MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n")) + B + "返品したいです。\n".encode("iso-2022-jp"), "outcome=delivered new_ticket=1", "show:返品;show:返品したいです")
msg("iso-2022-jp-undeclared", b(hdr("jis2@example.jp", "Outlook JIS", "c54@example.jp", "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: 7bit\n")) + B + "こんにちは\n".encode("iso-2022-jp"), "outcome=delivered new_ticket=1", "show:こんにちは")
msg("unknown-charset", b(hdr("unk@example.com", "Unknown charset", "c55@example.com", "MIME-Version: 1.0\nContent-Type: text/plain; charset=x-made-up\nContent-Transfer-Encoding: 8bit\n")) + b"\nCaf\xe9 au lait\n", "outcome=delivered new_ticket=1", "show:Café au lait")
msg("windows-1250", b(hdr("pl@example.pl", "Polski", "c56@example.pl", "MIME-Version: 1.0\nContent-Type: text/plain; charset=windows-1250\nContent-Transfer-Encoding: 8bit\n")) + B + "Zażółć gęślą jaźń\n".encode("cp1250"), "outcome=delivered new_ticket=1", "show:Zażółć gęślą jaźń")
msg("nested-mixed-alt-related", hdr("nest@example.com", "Nested", "c57@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"m\"\n") + "\n--m\nContent-Type: multipart/alternative; boundary=\"a\"\n\n--a\nContent-Type: text/plain\n\nNested plain wins.\n--a\nContent-Type: multipart/related; boundary=\"r\"\n\n--r\nContent-Type: text/html\n\n<p>Nested html.</p>\n--r\nContent-Type: image/gif\nContent-ID: <g>\n\nGIF89a\n--r--\n--a--\n--m\nContent-Type: text/csv; name=\"data.csv\"\nContent-Disposition: attachment; filename=\"data.csv\"\n\na,b\n1,2\n--m--\n", "outcome=delivered new_ticket=1", "show:Nested plain wins.;!show:Nested html;att:data.csv")
msg("text-attachment", hdr("txt@example.com", "Text file", "c58@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"x\"\n") + "\n--x\nContent-Type: text/plain\n\nBody text.\n--x\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\n\nSECRET FILE CONTENT\n--x--\n", "outcome=delivered new_ticket=1", "show:Body text.;!show:SECRET FILE CONTENT;att:notes.txt")
msg("odd-message-id", hdr("odd@example.com", "Odd id", "weird id with spaces@@example..com") + "\nOdd message id.\n", "outcome=delivered new_ticket=1", "")
msg("x-autoreply", hdr("away@example.com", "Automatic reply", "c60@example.com", "X-Autoreply: yes\n") + "\nAway.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("precedence-junk", hdr("junk@example.com", "Junk", "c61@example.com", "Precedence: junk\n") + "\nJunk.\n", "outcome=delivered new_ticket=1 machine=yes", "")
msg("long-subject", hdr("long@example.com", "Long " + "x" * 300, "c62@example.com") + "\nLong subject.\n", "outcome=delivered new_ticket=1", "show:Long xxxxxxxxxx;!show:" + "x" * 200)
msg("folded-subject", "From: fold@example.com\nTo: support@desk.example\nSubject: A folded\n\tsubject line\nMessage-ID: <c63@example.com>\n\nFolded.\n", "outcome=delivered new_ticket=1", "show:A folded subject line")
msg("raw-utf8-header", hdr("raw@example.com", "Rohe Umlaute äöü im Betreff", "c64@example.com") + "\nRaw.\n", "outcome=delivered new_ticket=1", "show:Rohe Umlaute äöü im Betreff")
msg("raw-latin1-header", b"From: raw2@example.com\nTo: support@desk.example\nSubject: Latin-1 im Betreff: Gr\xfc\xdfe\nMessage-ID: <c65@example.com>\n\nRaw latin1.\n", "outcome=delivered new_ticket=1", "show:Latin-1 im Betreff: Grüße")
msg("crlf", (hdr("crlf@example.com", "CRLF", "c66@example.com") + "\nWindows line ends.\nSecond line.\n").replace("\n", "\r\n"), "outcome=delivered new_ticket=1", "show:Windows line ends.\\nSecond line.")
msg("mixed-encoded-words", hdr("mix@example.com", "Re: =?UTF-8?Q?K=C3=BCndigung?= meines =?ISO-8859-1?Q?Vertr=E4ge?=", "c67@example.com") + "\nMixed words.\n", "outcome=delivered new_ticket=1", "show:Re: Kündigung meines Verträge")
msg("mdn-read-receipt", hdr("mdn@example.com", "Read: Your reply", "c68@example.com", "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; boundary=\"d\"\n") + "\n--d\nContent-Type: text/plain\n\nYour message was read.\n--d\nContent-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; mdn@example.com\nDisposition: manual-action/MDN-sent-manually; displayed\n--d--\n", "outcome=delivered new_ticket=1", "show:Your message was read.")
msg("html-entities-lists", hdr("ent@example.com", "Entities", "c69@example.com", "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n") + "\n<div>caf&eacute;&nbsp;&lt;ok&gt; &#8364;5</div><ol><li>first</li><li>second</li></ol><table><tr><td>a</td><td>b</td></tr></table>\n", "outcome=delivered new_ticket=1", "show:café <ok> €5;show:- first;show:- second;show:a b")
msg("dsn-delayed-unknown", hdr("MAILER-DAEMON@mx.example.com", "Delayed Mail (still being retried)", "c70@mx.example.com", "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n") + "\n--r\nContent-Type: text/plain\n\nStill trying.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; slow@example.com\nAction: delayed\nStatus: 4.4.1\n--r\nContent-Type: message/rfc822\n\nFrom: support@desk.example\nMessage-ID: <also-never@desk.example>\n\nbody\n--r--\n", "outcome=report ticket=0", "")

# A real TNEF stream (winmail.dat, MS-OXTNEF): signature, key, then
# attributes (level, id, length, data, checksum); each attachment starts at
# attAttachRendData and carries its title and its data.
import struct
def tnef_attr(level, attr, data):
    return struct.pack("<BII", level, attr, len(data)) + data + struct.pack("<H", sum(data) & 0xffff)
def tnef(files, body=None):
    t = struct.pack("<IH", 0x223E9F78, 0x1234)
    t += tnef_attr(1, 0x00089006, struct.pack("<I", 0x00010000))      # attTnefVersion
    t += tnef_attr(1, 0x00069007, struct.pack("<II", 1252, 0))        # attOemCodepage
    t += tnef_attr(1, 0x00078008, b"IPM.Microsoft Mail.Note\0")     # attMessageClass
    if body is not None:
        t += tnef_attr(1, 0x0002800C, body.encode("cp1252") + b"\0")  # attBody
    for name, data in files:
        t += tnef_attr(2, 0x00069002, struct.pack("<HIIHHI", 1, 0xFFFFFFFF, 0, 0, 0, 0))  # attAttachRendData
        t += tnef_attr(2, 0x00018010, name.encode("cp1252") + b"\0")  # attAttachTitle
        t += tnef_attr(2, 0x0006800F, data)                          # attAttachData
    return t
wm = tnef([("Angebot Müller.txt", b"Preis: 100 EUR\n"), ("photo.jpg", b"\xff\xd8\xff\xe0fakejpeg")])
msg("winmail-files", hdr("outlook2@example.com", "Outlook with files", "c71@example.com", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"w\"\n") + "\n--w\nContent-Type: text/plain\n\nTwo files from Outlook.\n--w\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\nContent-Disposition: attachment; filename=\"winmail.dat\"\nContent-Transfer-Encoding: base64\n\n" + base64.encodebytes(wm).decode() + "--w--\n", "outcome=delivered new_ticket=1", "show:Two files from Outlook.;att:winmail.dat;att:Angebot Müller.txt;att:photo.jpg;att:15 bytes")
open(os.path.join(os.path.dirname(out), "expected.tsv"), "w").write(
"# expected result of each corpus message, fed in this order into one\n"
"# workspace with sender = support@desk.example (tests/cli/mail.sh):\n"
"# FILE <tab> fields the `mail in` line must contain <tab> checks, ';'-separated:\n"
"#   show:TEXT / !show:TEXT   `ticket show` of the message's ticket has / lacks TEXT (\\n = newline)\n"
"#   att:TEXT                 `mail attachments` of the ticket has TEXT\n"
"#   quar:TEXT                `mail quarantine` has TEXT\n" + "\n".join(exp) + "\n")
print(n[0], "messages")
