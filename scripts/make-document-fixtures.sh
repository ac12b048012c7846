#!/usr/bin/env bash
# Regenerates the document fixtures in test/fixtures/documents/ (committed; the tests do not run
# this script and need none of these tools).
# Needs Debian packages: libreoffice-writer-nogui qpdf poppler-utils img2pdf gzip python3
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui qpdf poppler-utils img2pdf
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/test/fixtures/documents"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

for tool in soffice qpdf pdftoppm img2pdf gzip iconv python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (see the header of $0)" >&2; exit 1; }
done

# 1. A realistic two-page software engineer resume, written as HTML and converted by LibreOffice
#    Writer (not Writer/Web) so the PDF has a real text layer, fonts and two pages.
cat > "$work/resume.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Jordan Rivera - Resume</title>
<style>
  body { font-family: "DejaVu Sans"; font-size: 10.5pt; }
  h1 { font-size: 20pt; margin-bottom: 0; }
  h2 { font-size: 13pt; border-bottom: 1px solid #444; margin-top: 14pt; }
  h3 { font-size: 11pt; margin-bottom: 2pt; }
  .page2 { page-break-before: always; }
</style></head>
<body>
<h1>Jordan Rivera</h1>
<p>Senior Software Engineer · Lisbon, Portugal · jordan.rivera@example.com · +351 555 0100 · github.com/jrivera-dev</p>

<h2>Summary</h2>
<p>Backend engineer with eight years of experience building reliable distributed systems in Go.
I designed and operated a distributed cache serving 1.2 million requests per second, led the
migration of forty services to Kubernetes, and care about observability, clear APIs and
mentoring engineers early in their careers.</p>

<h2>Experience</h2>
<h3>Senior Software Engineer — Northwind Payments (2021 – present)</h3>
<ul>
  <li>Designed and built a distributed cache in Go in front of the ledger database
      (consistent hashing, request coalescing, write-through invalidation over Kafka);
      p99 read latency fell from 38 ms to 6 ms and database load dropped by forty percent.</li>
  <li>Led the migration of forty services from virtual machines to Kubernetes (EKS) with Helm
      charts, horizontal pod autoscaling and pod disruption budgets; deploy time fell from
      45 minutes to 7 minutes.</li>
  <li>Introduced OpenTelemetry tracing and Prometheus service-level objectives; on-call pages
      per week dropped from twelve to three.</li>
  <li>Mentored five engineers; two were promoted to senior within eighteen months.</li>
</ul>

<h3>Software Engineer — Bluefin Logistics (2018 – 2021)</h3>
<ul>
  <li>Wrote the shipment tracking API in Go and PostgreSQL, handling 40,000 events per second
      from GPS devices through a gRPC ingestion tier.</li>
  <li>Replaced a cron-based batch system with an event-driven pipeline on Kafka, cutting the
      delay of customer notifications from fifteen minutes to under ten seconds.</li>
  <li>Built the team's first chaos engineering game days with Kubernetes fault injection.</li>
</ul>

<h3>Junior Developer — Tagus Software (2016 – 2018)</h3>
<ul>
  <li>Maintained Python and Django services for retail inventory; wrote the integration test
      suite that made weekly releases possible.</li>
</ul>

<h2 class="page2" style="page-break-before: always">Skills</h2>
<p><b>Languages:</b> Go, Python, TypeScript, SQL, Bash<br>
<b>Infrastructure:</b> Kubernetes, Docker, Terraform, AWS (EKS, RDS, S3), Helm, Argo CD<br>
<b>Data:</b> PostgreSQL, Redis, Kafka, ClickHouse<br>
<b>Practices:</b> distributed systems design, observability (Prometheus, Grafana, OpenTelemetry),
incident response, code review, technical writing</p>

<h2>Projects</h2>
<h3>groupcache-lite (open source)</h3>
<p>A small Go library for peer-to-peer caching with singleflight request coalescing;
1,900 stars on GitHub, used in production by three companies.</p>
<h3>Talk: "Cache invalidation without tears"</h3>
<p>GopherCon Europe 2024: lessons from running a distributed cache in front of a payments ledger.</p>

<h2>Education</h2>
<p>BSc in Computer Science, Instituto Superior Técnico, Lisbon (2016)</p>

<h2>Languages</h2>
<p>English (fluent), Portuguese (native), Spanish (conversational)</p>
</body></html>
HTML

profile="file://$work/lo-profile"
soffice -env:UserInstallation="$profile" --headless --infilter="HTML (StarWriter)" \
  --convert-to pdf:writer_pdf_Export --outdir "$work" "$work/resume.html" >/dev/null
cp "$work/resume.pdf" "$out/resume.pdf"

# 2. Wrong type: the same resume as a Word document.
soffice -env:UserInstallation="$profile" --headless --infilter="HTML (StarWriter)" \
  --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/resume.html" >/dev/null
cp "$work/resume.docx" "$out/resume.docx"

# 3. Encrypted: a user password is required to open it (AES-256).
qpdf --encrypt open-sesame owner-secret 256 -- "$out/resume.pdf" "$out/encrypted.pdf"

# 4. Corrupt: a valid PDF header followed by the real file's bytes cut short and garbled, so no
#    object or cross-reference table can be recovered.
{
  head -c 9 "$out/resume.pdf"
  head -c 6000 "$out/resume.pdf" | tail -c +10 | tr '0-9a-zA-Z<>/[]' 'a-zA-Z0-9[]<>/'
} > "$out/corrupt.pdf"

# 5. Scanned: page 1 rendered to a grey image and wrapped in a PDF with no text layer.
pdftoppm -r 60 -gray -png -f 1 -l 1 "$out/resume.pdf" "$work/scan"
img2pdf --output "$out/scanned.pdf" "$work"/scan*.png

# 6. A job description as UTF-8 text, and the same text as UTF-16 with a byte order mark.
cat > "$out/job-description.txt" <<'TEXT'
Senior Backend Engineer (Go) — Platform Team

About the role
We are looking for a senior backend engineer to join our platform team. You will design,
build and operate the services that move money for two million customers: a payments API,
a distributed cache in front of our ledger, and the Kubernetes platform every other team
deploys to.

What you will do
- Design and build high-throughput services in Go with clear, versioned APIs.
- Own the reliability of the caching tier: consistency, invalidation, capacity planning.
- Improve our Kubernetes platform: autoscaling, rollouts, multi-region failover.
- Lead incident reviews and turn them into lasting fixes.
- Mentor engineers and review designs across teams.

What we are looking for
- 5+ years building backend systems, at least 3 in Go.
- Deep understanding of distributed systems: replication, partitioning, failure modes.
- Production experience with Kubernetes, PostgreSQL and Kafka.
- Clear written and spoken communication in English.

Nice to have
- Experience in payments or other regulated industries.
- Open source contributions.
TEXT
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$out/job-description.txt"; } > "$out/job-description-utf16.txt"

# 7. A "zip bomb": 88 KB on disk, one page whose content stream inflates to 60 MB of text
#    operators. pdf.js chews on it synchronously for ~12 s; the bot must stay responsive.
python3 - "$out/bomb.pdf" <<'PY'
import sys, zlib
content = b"BT /F1 12 Tf 72 720 Td " + b"(A) Tj " * (60_000_000 // 7) + b"ET"
stream = zlib.compress(content, 9)
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for i, body in enumerate(objs, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    pdf += b"%010d 00000 n \n" % off
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(pdf)
PY

# 8. Empty file, and binary data posing as text (gzip output has NUL bytes).
: > "$out/empty.txt"
gzip -9 -n -c "$out/resume.pdf" | head -c 4096 > "$out/binary.txt"

ls -l "$out"
