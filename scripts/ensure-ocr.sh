#!/usr/bin/env bash
# Scanned PDFs (no text layer) are read with Debian's tesseract and its Turkish model (`-l tur`).
# Installs both when run as root and missing; otherwise says what to install and exits 0 (the caller decides).
set -euo pipefail
have_ocr() { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx tur; }
if have_ocr; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-ocr: installing Debian's tesseract-ocr and tesseract-ocr-tur with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-tur >/dev/null
else
  echo "ensure-ocr: reading scanned PDFs needs tesseract with the Turkish model (Debian: sudo apt-get install tesseract-ocr tesseract-ocr-tur)"
fi
