#!/usr/bin/env bash
# Installs and starts what the tests need on a Debian machine (run as root):
# PostgreSQL (real-database tests), festival (speech for the TTS stand-in),
# pocketsphinx (recognition for the STT stand-in), openssl (the local Discord's certificate),
# tesseract + poppler-utils (OCR of scanned PDFs; pdftoppm also makes the test scans),
# fonts-dejavu-core (the font of the trend charts; their tests read the text back by OCR).
set -euo pipefail

pkgs=(postgresql festival festvox-kallpc16k pocketsphinx pocketsphinx-en-us openssl tesseract-ocr tesseract-ocr-eng poppler-utils fonts-dejavu-core)
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Start the first PostgreSQL cluster and create the test role and database.
read -r ver cluster _ < <(pg_lsclusters -h | head -n 1)
pg_ctlcluster "$ver" "$cluster" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
pg_isready -h 127.0.0.1
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='hotseat'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"CREATE ROLE hotseat LOGIN SUPERUSER PASSWORD 'hotseat'\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='hotseat_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O hotseat hotseat_test"
echo "test dependencies ready (PostgreSQL $ver on 127.0.0.1:5432, festival, pocketsphinx, tesseract, DejaVu fonts)"
