#!/usr/bin/env bash
# Refresh kiosk/ui/i18n/*.ts from the source with Qt's lupdate (then translate the new entries in Qt Linguist:
# .venv/bin/pyside6-linguist kiosk/ui/i18n/en.ts). scripts/setup.sh builds the .qm files from them.
set -euo pipefail
cd "$(dirname "$0")/.."
LANGS=(en zh_CN zh_TW ko es pt)
ts=()
for code in "${LANGS[@]}"; do ts+=("kiosk/ui/i18n/$code.ts"); done
.venv/bin/pyside6-lupdate -extensions py -locations none -no-obsolete kiosk -ts "${ts[@]}"
for code in "${LANGS[@]}"; do
  # each file says which language it is for (lupdate leaves the attribute empty on a new file)
  sed -i "s/<TS version=\"2.1\">/<TS version=\"2.1\" language=\"$code\" sourcelanguage=\"ja\">/" "kiosk/ui/i18n/$code.ts"
done
